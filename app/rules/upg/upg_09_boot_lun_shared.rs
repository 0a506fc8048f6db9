//! UPG-09: a boot-from-SAN ESX 4 host keeps its service console (esxconsole.vmdk) on a LUN no other host sees.

use super::{VSPHERE4, esx4_targets};
use crate::model::{Boot, HostId};
use crate::rules::cpu::{count, name_list};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A boot-from-SAN host running or headed for ESX 4 whose boot LUN other hosts see.
pub struct UpgBootLunShared;

static META: RuleMeta = RuleMeta {
    id: "UPG-09",
    name: "boot-lun-presented-to-other-hosts",
    title: "A boot-from-SAN host on or headed for ESX 4 boots from a LUN other hosts see",
    severity: Severity::Error,
    reach: Reach::Estate,
    checks: "Every host with `boot: San(lun)` that runs ESX 4.0 or later or is headed there (`target_release`; on \
             the design a host in a wave of the plan; in a stage the running wave's hosts): no other host has a path \
             (`lun_paths`) to that LUN. Local boot is not checked.",
    why: "ESX 4.0 keeps the service console in `esxconsole.vmdk` on a VMFS volume next to the boot partitions. On a \
          boot LUN presented to several blades, every host sees (and may format or write) another host's console \
          VMFS, and the upgrade may put the console on a shared datastore; VMware requires the boot LUN to be \
          masked or zoned to its own host only.",
    example: "`esx01` (enc1/bay1) boots from `boot01`, which is also presented to `esx02`, and is planned onto ESX \
              4.0 U1.",
    fix: "Present a private boot LUN per blade; never put esxconsole on shared datastores.",
    source: "S31 (ESX 4.0 partitioning)",
};

impl Rule for UpgBootLunShared {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let targets = esx4_targets(ctx);
        for (&id, host) in &ctx.project.hosts {
            let Boot::San(lun) = host.boot else {
                continue;
            };
            let phrase = match targets.get(&id) {
                Some(target) => target.phrase.clone(),
                None if host.release() >= VSPHERE4 => format!("runs ESX {}", host.release()),
                None => continue,
            };
            let mut others: Vec<HostId> = ctx
                .index
                .hosts_seeing(lun)
                .iter()
                .copied()
                .filter(|other| *other != id)
                .collect();
            others.sort_unstable();
            others.dedup();
            if others.is_empty() {
                continue;
            }
            let names: Vec<&str> = others
                .iter()
                .filter_map(|other| ctx.host(*other).map(|h| h.name.as_str()))
                .collect();
            let lun_name = ctx
                .project
                .luns
                .get(&lun)
                .map_or_else(|| lun.to_string(), |l| l.name.clone());
            out.add(
                &META,
                id,
                format!(
                    "{} {phrase} and boots from SAN LUN {lun_name}, which is also presented to {} ({}); its esxconsole.vmdk needs a boot LUN of its own",
                    ctx.host_label(id),
                    count(names.len(), "other host"),
                    name_list(&names)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Host, Index, Lun, LunId, LunPath, Project};
    use crate::refdata::ReferenceData;

    fn project(shared: bool) -> Project {
        let mut project = Project::default();
        project.luns.insert(
            LunId(1),
            Lun {
                name: "boot01".into(),
                ..Lun::default()
            },
        );
        let path = LunPath {
            lun: LunId(1),
            ..LunPath::default()
        };
        let mut esx01 = Host {
            name: "esx01".into(),
            boot: Boot::San(LunId(1)),
            lun_paths: vec![path.clone()],
            ..Host::default()
        };
        esx01.esx.release = "4.0 U1".parse().unwrap();
        project.hosts.insert(HostId(1), esx01);
        let mut esx02 = Host {
            name: "esx02".into(),
            ..Host::default()
        };
        if shared {
            esx02.lun_paths.push(path);
        }
        project.hosts.insert(HostId(2), esx02);
        project
    }

    fn run(project: &Project) -> Vec<String> {
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(project);
        let ctx = Context::new(project, &reference, &index);
        let mut out = Findings::default();
        UpgBootLunShared.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn shared_boot_lun_fires() {
        let messages = run(&project(true));
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].contains("1 other host (esx02)"), "{messages:?}");
    }

    #[test]
    fn private_boot_lun_is_quiet() {
        assert!(run(&project(false)).is_empty());
    }
}
