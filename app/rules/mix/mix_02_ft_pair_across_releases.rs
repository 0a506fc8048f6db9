//! MIX-02: an FT pair runs on two ESX 4 hosts of the same build, neither of them going into maintenance.

use crate::model::Host;
use crate::rules::feat::join_and;
use crate::rules::upg::VSPHERE4;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT VM whose Primary and Secondary hosts differ in release or build, or one of them is in maintenance.
pub struct MixFtPairAcrossReleases;

static META: RuleMeta = RuleMeta {
    id: "MIX-02",
    name: "ft-pair-across-releases",
    title: "An FT pair straddles ESX releases or builds, or one of its hosts goes into maintenance",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every VM with FT whose Primary host (`host`) runs ESX 4.0 or later (FT on a 3.x Primary is only planned, \
             see FT-HO-04) and whose Secondary host is known: the Secondary's host runs ESX 4.0 or later, both hosts \
             have the same `esx.release` and, when both builds are recorded, the same `esx.build`; and in an upgrade \
             stage neither host is in maintenance in the running wave. The simulation moves FT pairs off hosts in \
             maintenance when it can, so the pair is checked where it lands.",
    why: "Legacy FT on vSphere 4.0 needs both halves of the pair on ESX 4 hosts of the same build: while a cluster is \
          upgraded host by host, a pair split over an upgraded and a not-yet-upgraded host loses its Secondary and \
          sits unprotected. FT VMs also keep their host from entering maintenance mode unless FT is turned off or \
          suspended or the pair is moved first.",
    example: "`db01` runs its Primary on `esx01` (ESX 4.0 U1, build 208167) and its Secondary on `esx02` (ESX 4.0, \
              build 164009) after wave 1 upgraded `esx01` only.",
    fix: "Move pairs to upgraded hosts (≥4-host procedure: evacuate 2 hosts, upgrade, move Primary with FT suspended).",
    source: "S01, S33, S-FTupg (legacy FT host-upgrade procedure)",
};

fn build(host: &Host) -> String {
    if host.esx.build == 0 {
        format!("ESX {}", host.release())
    } else {
        format!("ESX {} build {}", host.release(), host.esx.build)
    }
}

impl Rule for MixFtPairAcrossReleases {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (id, vm) in ctx.ft_vms() {
            let Some((primary_id, secondary_id)) = ctx.ft_pair_hosts(vm) else {
                continue;
            };
            let (Some(primary), Some(secondary)) = (ctx.host(primary_id), ctx.host(secondary_id))
            else {
                continue;
            };
            if primary.release() < VSPHERE4 {
                continue;
            }
            let mut problems = Vec::new();
            if secondary.release() < VSPHERE4 {
                problems.push(format!(
                    "its Secondary's host {} still runs ESX {}",
                    secondary.name,
                    secondary.release()
                ));
            } else if primary.release() != secondary.release()
                || (primary.esx.build != 0
                    && secondary.esx.build != 0
                    && primary.esx.build != secondary.esx.build)
            {
                problems.push(format!(
                    "its Primary's host {} runs {} and its Secondary's host {} runs {}",
                    primary.name,
                    build(primary),
                    secondary.name,
                    build(secondary)
                ));
            }
            for (role, host_id, host) in [
                ("Primary", primary_id, primary),
                ("Secondary", secondary_id, secondary),
            ] {
                if ctx.in_maintenance(host_id) {
                    problems.push(format!("its {role}'s host {} is in maintenance", host.name));
                }
            }
            if problems.is_empty() {
                continue;
            }
            out.add(
                &META,
                id,
                format!("FT VM {}: {}", vm.name, join_and(&problems)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FtProtection, Host, HostId, Index, Project, Vm, VmId};
    use crate::refdata::ReferenceData;
    use crate::rules::StageView;

    fn project(secondary: (&str, u32)) -> Project {
        let mut project = Project::default();
        for (id, (release, build)) in [(1, ("4.0 U1", 208_167)), (2, secondary)] {
            let mut host = Host {
                name: format!("esx{id:02}"),
                ..Host::default()
            };
            host.esx.release = release.parse().unwrap();
            host.esx.build = build;
            project.hosts.insert(HostId(id), host);
        }
        project.vms.insert(
            VmId(1),
            Vm {
                name: "db01".into(),
                host: Some(HostId(1)),
                hw_version: Some(7),
                ft: Some(FtProtection {
                    secondary_host: Some(HostId(2)),
                }),
                ..Vm::default()
            },
        );
        project
    }

    fn run(project: &Project, stage: Option<&StageView>) -> Vec<String> {
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(project);
        let ctx = match stage {
            Some(stage) => Context::for_stage(project, &reference, &index, stage),
            None => Context::new(project, &reference, &index),
        };
        let mut out = Findings::default();
        MixFtPairAcrossReleases.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn pair_across_builds_or_in_maintenance_fires() {
        let messages = run(&project(("4.0", 164_009)), None);
        assert_eq!(messages.len(), 1);
        assert!(
            messages[0].contains("runs ESX 4.0 build 164009"),
            "{messages:?}"
        );
        let mut stage = StageView::default();
        stage.in_maintenance.insert(HostId(2));
        let same = project(("4.0 U1", 208_167));
        let during = run(&same, Some(&stage));
        assert_eq!(during.len(), 1);
        assert!(during[0].contains("Secondary's host esx02 is in maintenance"));
    }

    #[test]
    fn pair_on_the_same_build_is_quiet() {
        assert!(run(&project(("4.0 U1", 208_167)), None).is_empty());
    }
}
