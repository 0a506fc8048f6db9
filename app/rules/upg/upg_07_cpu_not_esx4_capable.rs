//! UPG-07: ESX 4 needs a 64-bit x86 CPU with at least two cores (upgrade precheck).

use super::{VSPHERE4, esx4_targets};
use crate::refdata::LimitItem;
use crate::rules::feat::join_and;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// A host running or headed for ESX 4 whose CPU fails the upgrade precheck.
pub struct UpgCpuNotEsx4Capable;

static META: RuleMeta = RuleMeta {
    id: "UPG-07",
    name: "cpu-fails-esx4-precheck",
    title: "A host running or headed for ESX 4 has a CPU without 64-bit support or with too few cores",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every host running ESX 4.0 or later or headed there (`target_release`; on the design a host in a wave of \
             the plan; in a stage the running wave's hosts): `cpu.x64` must be true (precheck \
             64BIT_LONGMODESTATUS), and the host's cores (`sockets` x `cores_per_socket`) at least the `HostMinCores` \
             limit for its ESX release (2 from 4.0; precheck CPU_CORES). A host with no CPU recorded (0 cores) is \
             not checked for cores. HCL-02 reports the 64-bit part on its own too.",
    why: "ESX 4.0 is 64-bit only (KB 1009080) and the upgrade precheck stops on a CPU without long mode or with too \
          few cores: the host cannot be upgraded and stays on ESX 3.5 or is replaced, which changes the cluster's \
          capacity plan.",
    example: "`esx09` is a `ProLiant BL20p G2` with `cpu: (x64: false, sockets: 2, cores_per_socket: 1)` and \
              `target_release: \"4.0\"`.",
    fix: "Replace 32-bit hosts (e.g. old BL20p G2).",
    source: "S29 (precheck 64BIT_LONGMODESTATUS, CPU_CORES), S30 (KB 1009080); HostMinCores limit",
};

impl Rule for UpgCpuNotEsx4Capable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let targets = esx4_targets(ctx);
        for (&id, host) in &ctx.project.hosts {
            let (release, phrase) = match targets.get(&id) {
                Some(target) => (target.release, target.phrase.clone()),
                None if host.release() >= VSPHERE4 => {
                    (host.release(), format!("runs ESX {}", host.release()))
                }
                None => continue,
            };
            let mut gaps = Vec::new();
            if !host.cpu.x64 {
                gaps.push("has no 64-bit support (64BIT_LONGMODESTATUS)".to_owned());
            }
            let cores = host.cpu.cores();
            if cores > 0
                && let Some(min) = ctx.limit(LimitItem::HostMinCores, Some(release))
                && f64::from(cores) < min
            {
                gaps.push(format!(
                    "has {cores} core{} where ESX {release} needs {} (CPU_CORES)",
                    if cores == 1 { "" } else { "s" },
                    number(min)
                ));
            }
            if gaps.is_empty() {
                continue;
            }
            let cpu = if host.cpu.series.is_empty() {
                "its CPU".to_owned()
            } else {
                format!("its CPU ({})", host.cpu.series)
            };
            out.add(
                &META,
                id,
                format!(
                    "{} {phrase} but {cpu} {}",
                    ctx.host_label(id),
                    join_and(&gaps)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cpu, Host, HostId, Index, Project};
    use crate::refdata::ReferenceData;

    fn run(x64: bool, cores: u8, target: Option<&str>) -> Vec<String> {
        let mut project = Project::default();
        let mut host = Host {
            name: "esx09".into(),
            cpu: Cpu {
                series: "Xeon".into(),
                x64,
                sockets: 1,
                cores_per_socket: cores,
                ..Cpu::default()
            },
            target_release: target.map(|t| t.parse().unwrap()),
            ..Host::default()
        };
        host.esx.release = "3.5 U4".parse().unwrap();
        project.hosts.insert(HostId(1), host);
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(&project);
        let ctx = Context::new(&project, &reference, &index);
        let mut out = Findings::default();
        UpgCpuNotEsx4Capable.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn single_core_32_bit_host_planned_onto_esx4_fires_once() {
        let messages = run(false, 1, Some("4.0"));
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].contains("(64BIT_LONGMODESTATUS) and has 1 core"),
            "{messages:?}"
        );
    }

    #[test]
    fn capable_host_or_host_staying_on_esx35_is_quiet() {
        assert!(run(true, 4, Some("4.0")).is_empty());
        assert!(run(false, 1, None).is_empty());
    }
}
