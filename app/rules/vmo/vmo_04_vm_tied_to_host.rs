//! VMO-04: a running VM is tied to its host by an internal-only vSwitch, a host device or CPU affinity.

use std::collections::BTreeSet;

use crate::model::{Device, HostId, MediaBacking, NetworkId};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A running clustered VM with a configuration that blocks vMotion.
pub struct VmoVmTiedToHost;

static META: RuleMeta = RuleMeta {
    id: "VMO-04",
    name: "vmotion-blocked-by-vm-config",
    title: "A running VM is attached to an internal-only vSwitch, a host device or CPU affinity, which blocks vMotion",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every powered-on VM in a cluster (templates skipped): no vNIC on a network that an internal-only vSwitch (`internal_only`) carries on the VM's host; no CD-ROM or floppy backed by the host's drive (`HostDevice`); no serial or parallel port; no VMDirectPath device; `cpu_affinity` off.",
    why: "vMotion refuses a VM whose state depends on its current host: a network with no uplinks exists only inside that host (the VM would lose its peers), a physical drive or port cannot follow the VM, VMDirectPath hands a physical PCI device to the guest, and CPU affinity pins the VM to that host's cores. DRS cannot balance such VMs and maintenance mode stalls on them.",
    example: "`app01` in cluster `prod` runs with its CD-ROM connected to `esx01`'s DVD drive and CPU affinity set.",
    fix: "Disconnect host-backed CD-ROM/floppy (or use an ISO on a shared datastore), remove serial/parallel ports and passthrough devices, clear CPU affinity, and move the VM's network to a port group with uplinks.",
    source: "S59 lists equivalents; vCenter host-management guide and KB 1003832 for the internal-only vSwitch (section 7); rest M",
};

impl Rule for VmoVmTiedToHost {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let mut internal_on_host: BTreeSet<(HostId, NetworkId)> = BTreeSet::new();
        let mut internal_anywhere: BTreeSet<NetworkId> = BTreeSet::new();
        for vswitch in ctx.project.vswitches.values() {
            if !vswitch.internal_only {
                continue;
            }
            for &network in &vswitch.networks {
                internal_anywhere.insert(network);
                for &host in &vswitch.hosts {
                    internal_on_host.insert((host, network));
                }
            }
        }
        // The rows say which VMs may be tied to their host: a VM itself is read only for those.
        for row in ctx.vm_rows().iter() {
            if row.cluster.is_none() || !row.runs() {
                continue;
            }
            if internal_anywhere.is_empty() && !row.host_device && !row.cpu_affinity {
                continue;
            }
            let (vm_id, Some(vm)) = (row.id, ctx.vm(row.id)) else {
                continue;
            };
            let mut blockers: Vec<String> = Vec::new();
            let nics = if internal_anywhere.is_empty() {
                &[][..]
            } else {
                vm.nics.as_slice()
            };
            for nic in nics {
                let internal = match vm.host {
                    Some(host) => internal_on_host.contains(&(host, nic.network)),
                    None => internal_anywhere.contains(&nic.network),
                };
                if internal {
                    let label = ctx
                        .project
                        .networks
                        .get(&nic.network)
                        .map_or_else(|| nic.network.to_string(), |n| n.name.clone());
                    blockers.push(format!("a vNIC on internal-only network `{label}`"));
                }
            }
            for device in &vm.devices {
                let blocker = match device {
                    Device::CdRom(MediaBacking::HostDevice) => "a CD-ROM on the host's drive",
                    Device::Floppy(MediaBacking::HostDevice) => "a floppy on the host's drive",
                    Device::Serial => "a serial port",
                    Device::Parallel => "a parallel port",
                    Device::DirectPath => "a VMDirectPath device",
                    _ => continue,
                };
                blockers.push(blocker.to_owned());
            }
            if vm.cpu_affinity {
                blockers.push("CPU affinity".to_owned());
            }
            if blockers.is_empty() {
                continue;
            }
            let host = vm
                .host
                .map_or_else(|| "its host".to_owned(), |id| ctx.project.host_name(id));
            out.add(
                &META,
                vm_id,
                format!(
                    "{} cannot vMotion off {host}: it has {}",
                    vm.name,
                    join_and(&blockers),
                ),
            );
        }
    }
}

/// "a, b and c".
fn join_and(items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}
