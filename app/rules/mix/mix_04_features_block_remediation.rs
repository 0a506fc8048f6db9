//! MIX-04: cluster features that stall Update Manager's remediation are off while a wave runs.

use crate::model::{Device, MediaBacking, Vm};
use crate::rules::cpu::{Sample, count};
use crate::rules::feat::join_and;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A cluster with hosts in maintenance that still has DPM, FT VMs or connected media.
pub struct MixFeaturesBlockRemediation;

static META: RuleMeta = RuleMeta {
    id: "MIX-04",
    name: "features-block-cluster-remediation",
    title: "A cluster is remediated with DPM, FT VMs or connected removable media",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "In an upgrade stage, every cluster with hosts of the running wave in maintenance: DPM on (`drs.dpm`); VMs \
             with FT on; VMs with a CD-ROM or floppy connected to a host or \
             client device, or to an image on a local datastore (an image on shared storage does not pin the VM). \
             One finding per cluster naming each. Slot admission control blocking the evacuation is CAP-02's one \
             finding (rules-v2 overlap table). Not checked on the design: nothing is being remediated there.",
    why: "Update Manager puts each host of a cluster in maintenance mode and relies on DRS to evacuate it: DPM may \
          power hosts off under it, FT VMs (4.0) are not moved \
          by DRS, and a VM holding a host's CD-ROM cannot vMotion. The remediation stalls until someone toggles them \
          by hand in the middle of the window.",
    example: "Wave 1 puts `esx01` of cluster `Prod` in maintenance while `Prod` has DPM on and `app07` has its CD-ROM \
              connected to the host's drive.",
    fix: "Check & toggle before remediation window.",
    source: "S33 (VUM cluster remediation options)",
};

/// A CD-ROM or floppy that keeps the VM on its host.
fn pins_media(ctx: &Context<'_>, vm: &Vm) -> bool {
    vm.devices.iter().any(|device| {
        let backing = match device {
            Device::CdRom(backing) | Device::Floppy(backing) => backing,
            _ => return false,
        };
        match backing {
            MediaBacking::Disconnected => false,
            MediaBacking::HostDevice | MediaBacking::ClientDevice => true,
            MediaBacking::Image(datastore) => ctx
                .project
                .datastores
                .get(datastore)
                .is_none_or(|ds| !ds.is_shared()),
        }
    })
}

impl Rule for MixFeaturesBlockRemediation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let Some(stage) = ctx.stage else {
            return;
        };
        for (&cluster_id, cluster) in &ctx.project.clusters {
            let hosts = ctx.index.hosts_of(cluster_id);
            let out_now = hosts.iter().filter(|h| stage.is_upgrading(**h)).count();
            if out_now == 0 {
                continue;
            }
            let mut blockers = Vec::new();
            if cluster.drs.dpm {
                blockers.push("DPM is on".to_owned());
            }
            let mut ft = Sample::default();
            let mut media = Sample::default();
            // Only a VM with FT or connected media is looked up: the rows say which.
            for (_, row) in ctx.cluster_rows(cluster_id) {
                if !row.ft && !row.connected_media {
                    continue;
                }
                let Some(vm) = ctx.vm(row.id) else {
                    continue;
                };
                if row.ft {
                    ft.push(&vm.name);
                }
                if row.connected_media && pins_media(ctx, vm) {
                    media.push(&vm.name);
                }
            }
            if ft.count > 0 {
                blockers.push(format!("{} ({})", count(ft.count, "FT VM"), ft.names()));
            }
            if media.count > 0 {
                blockers.push(format!(
                    "{} with a connected CD-ROM or floppy ({})",
                    count(media.count, "VM"),
                    media.names()
                ));
            }
            if blockers.is_empty() {
                continue;
            }
            out.add(
                &META,
                cluster_id,
                format!(
                    "{out_now} of {} hosts of {} are remediated while {}",
                    hosts.len(),
                    cluster.name,
                    join_and(&blockers)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cluster, ClusterId, Drs, Host, HostId, Index, Project, StageKind, VmId};
    use crate::refdata::ReferenceData;
    use crate::rules::StageView;

    fn project(dpm: bool, media: MediaBacking) -> Project {
        let mut project = Project::default();
        project.clusters.insert(
            ClusterId(1),
            Cluster {
                name: "prod".into(),
                drs: Drs { enabled: true, dpm },
                ..Cluster::default()
            },
        );
        for id in 1..=2 {
            project.hosts.insert(
                HostId(id),
                Host {
                    name: format!("esx{id:02}"),
                    cluster: Some(ClusterId(1)),
                    ..Host::default()
                },
            );
        }
        project.vms.insert(
            VmId(7),
            Vm {
                name: "app07".into(),
                cluster: Some(ClusterId(1)),
                host: Some(HostId(2)),
                devices: vec![Device::CdRom(media)],
                ..Vm::default()
            },
        );
        project
    }

    fn run(project: &Project) -> Vec<String> {
        let mut stage = StageView {
            index: 6,
            kind: StageKind::RollingUpgrade,
            title: "Rolling host upgrade".into(),
            wave: Some((0, "wave 1".into())),
            ..StageView::default()
        };
        stage.in_maintenance.insert(HostId(1));
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(project);
        let ctx = Context::for_stage(project, &reference, &index, &stage);
        let mut out = Findings::default();
        MixFeaturesBlockRemediation.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn dpm_and_host_cdrom_fire_once_per_cluster() {
        let messages = run(&project(true, MediaBacking::HostDevice));
        assert_eq!(messages.len(), 1);
        assert!(
            messages[0].ends_with("DPM is on and 1 VM with a connected CD-ROM or floppy (app07)"),
            "{messages:?}"
        );
    }

    #[test]
    fn nothing_to_toggle_is_quiet() {
        assert!(run(&project(false, MediaBacking::Disconnected)).is_empty());
    }
}
