//! MAX-02: VMs per host and vCPUs per core (and per host) stay within the maximums of the host's ESX release.

use std::collections::BTreeMap;

use crate::model::Release;
use crate::refdata::LimitItem;
use crate::rules::host_tally::HostTally;
use crate::rules::unknown::Unknowns;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// A host running more VMs or vCPUs than its ESX release supports.
pub struct MaxHostVmDensity;

static META: RuleMeta = RuleMeta {
    id: "MAX-02",
    name: "host-over-vm-maximums",
    title: "A host runs more VMs or vCPUs than its ESX release supports",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every host, with the limits of its `esx.release` (assets data), over the non-template VMs on it (VMs \
             whose `host` it is, plus the FT Secondaries it carries): the VM count is at most `VmsPerHost` (ESX 3.5: \
             170, 4.0: 320); their vCPUs are at most `VcpusPerHost` (3.5: 192, 4.0: 512) and at most `VcpusPerCore` \
             per physical core (4.0: 20, 4.0 U1: 25). Powered-off VMs count: they can be powered on at any time. A release the data has no \
             maximum for (older than its first entry) is one info finding per release naming the hosts (not in \
             reference data).",
    why: "These are the configuration maximums VMware supports per host; beyond them the VMkernel runs out of per-VM \
          resources and scheduling latency grows. During a rolling upgrade hosts absorb the VMs of the host in \
          maintenance, so a stage can exceed them even when the final design does not, and an ESX 3.5 host has much \
          lower limits than a 4.0 host.",
    example: "`esx05` runs ESX 4.0 on 8 cores and carries 180 vCPUs: 22.5 per core, more than 20.",
    fix: "Spread VMs or add hosts.",
    source: "S48 (M); section 7 (InformIT Siebert ch.1; ESX 4.0 U1 release notes for 20 → 25 vCPUs per core)",
};

impl Rule for MaxHostVmDensity {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        // One pass over the VM rows: VM count and vCPUs per host, Secondaries on their own host.
        let mut load: HostTally<Load> = HostTally::new(ctx.project);
        for vm in ctx.vm_rows().iter() {
            if vm.template {
                continue;
            }
            for host in vm.host.into_iter().chain(vm.ft_secondary) {
                if let Some(entry) = load.at(host) {
                    entry.vms += 1;
                    entry.vcpus += u64::from(vm.vcpus);
                }
            }
        }
        let mut limits: BTreeMap<Release, HostLimits> = BTreeMap::new();
        let mut unknowns = Unknowns::new();
        for ((&host_id, host), &Load { vms, vcpus }) in ctx.project.hosts.iter().zip(load.values())
        {
            if vms == 0 {
                continue;
            }
            let release = host.esx.release;
            let limit = *limits.entry(release).or_insert_with(|| HostLimits {
                vms: ctx.limit(LimitItem::VmsPerHost, Some(release)),
                vcpus: ctx.limit(LimitItem::VcpusPerHost, Some(release)),
                vcpus_per_core: ctx.limit(LimitItem::VcpusPerCore, Some(release)),
            });
            if let Some(missing) = limit.missing() {
                unknowns.note(
                    format!("the {missing} maximums of ESX {release}"),
                    host_id,
                    &host.name,
                );
            }
            if let Some(max) = limit.vms
                && vms as f64 > max
            {
                out.add(
                    &META,
                    host_id,
                    format!(
                        "{} runs {vms} VMs; ESX {release} supports {} per host",
                        ctx.host_label(host_id),
                        number(max)
                    ),
                );
            }
            if let Some(max) = limit.vcpus
                && vcpus as f64 > max
            {
                out.add(
                    &META,
                    host_id,
                    format!(
                        "{} runs {vcpus} vCPUs; ESX {release} supports {} per host",
                        ctx.host_label(host_id),
                        number(max)
                    ),
                );
            }
            let cores = host.cpu.cores();
            if cores == 0 {
                continue;
            }
            let per_core = vcpus as f64 / f64::from(cores);
            if let Some(max) = limit.vcpus_per_core
                && per_core > max
            {
                out.add(
                    &META,
                    host_id,
                    format!(
                        "{} runs {vcpus} vCPUs on {cores} cores ({} per core); ESX {release} supports {} per core",
                        ctx.host_label(host_id),
                        number((per_core * 100.0).round() / 100.0),
                        number(max)
                    ),
                );
            }
        }
        unknowns.report(&META, out, |unknown| {
            format!(
                "{}, so the VM density of {} is not checked against them",
                unknown.missing(),
                unknown.names
            )
        });
    }
}

/// What runs on one host.
#[derive(Clone, Copy, Default)]
struct Load {
    vms: usize,
    vcpus: u64,
}

/// The per-host maximums of one ESX release.
#[derive(Clone, Copy)]
struct HostLimits {
    vms: Option<f64>,
    vcpus: Option<f64>,
    vcpus_per_core: Option<f64>,
}

impl HostLimits {
    /// The maximums the reference data lacks for the release, in words: "VMs-per-host and vCPUs-per-core".
    fn missing(&self) -> Option<String> {
        let names: Vec<&str> = [
            (self.vms, "VMs-per-host"),
            (self.vcpus, "vCPUs-per-host"),
            (self.vcpus_per_core, "vCPUs-per-core"),
        ]
        .into_iter()
        .filter(|(value, _)| value.is_none())
        .map(|(_, name)| name)
        .collect();
        match names.as_slice() {
            [] => None,
            [one] => Some((*one).to_owned()),
            [first @ .., last] => Some(format!("{} and {last}", first.join(", "))),
        }
    }
}
