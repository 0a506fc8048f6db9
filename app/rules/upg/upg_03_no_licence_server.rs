//! UPG-03: a vCenter Server 4 managing ESX 3.x hosts keeps pointing to the VI3 licence server.

use std::collections::BTreeMap;

use super::{VSPHERE4, planned_vcenter_release};
use crate::model::VcenterId;
use crate::rules::cpu::{count, name_list};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// vCenter Server 4 with ESX 3.x hosts and no VI3 licence server.
pub struct UpgNoLicenceServer;

static META: RuleMeta = RuleMeta {
    id: "UPG-03",
    name: "no-licence-server-for-esx3-hosts",
    title: "A vCenter Server 4 manages ESX 3.x hosts but points to no VI3 licence server",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every vCenter whose `release` is 4.0 or later (on the design also one the plan's `UpgradeVcenter` step \
             takes to 4.0 or later) that manages at least one host (its clusters' hosts and its standalone hosts) \
             with `esx.release` below 4.0: its `licence_server` must name a licence server of the project. Hosts \
             planned onto ESX 4 still count while they run ESX 3.x.",
    why: "vSphere 4 licences are keys held by vCenter, but ESX 3.x hosts still check out their VI3 licences from the \
          FlexNet licence server. If vCenter Server 4 does not point to it (a clean install, or the server retired \
          too early), the ESX 3.x hosts lose their licensed features, VMotion and HA among them, in the middle of the \
          rolling upgrade. The licence server can go only when no ESX 3.x host remains anywhere.",
    example: "`vc-west` runs vCenter 4.0 U1 after a clean install with no `licence_server`, and `esx05` and `esx06` \
              still run ESX 3.5 U4.",
    fix: "Keep/restore license server; plan vSphere 4 keys for 4.0 hosts.",
    source: "S25 (p.57); vmhero.com, 23 May 2009 (section 7)",
};

impl Rule for UpgNoLicenceServer {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let mut esx3_hosts: BTreeMap<VcenterId, Vec<&str>> = BTreeMap::new();
        for (id, host) in &ctx.project.hosts {
            if host.release() < VSPHERE4
                && let Some(vcenter) = ctx.index.host_vcenter.get(id)
            {
                esx3_hosts
                    .entry(*vcenter)
                    .or_default()
                    .push(host.name.as_str());
            }
        }
        for (id, hosts) in esx3_hosts {
            let Some(vcenter) = ctx.project.vcenters.get(&id) else {
                continue;
            };
            if vcenter
                .licence_server
                .is_some_and(|server| ctx.project.licence_servers.contains_key(&server))
            {
                continue;
            }
            let goal = if vcenter.release >= VSPHERE4 {
                format!("runs vCenter {}", vcenter.release)
            } else if let Some(planned) =
                planned_vcenter_release(ctx, id).filter(|r| *r >= VSPHERE4)
            {
                format!("is planned onto vCenter {planned}")
            } else {
                continue;
            };
            out.add(
                &META,
                id,
                format!(
                    "{} {goal} and manages {} ({}) but points to no VI3 licence server, which ESX 3.x hosts take their licences from",
                    vcenter.name,
                    count(hosts.len(), "ESX 3.x host"),
                    name_list(&hosts)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Host, HostId, Index, LicenceServer, LicenceServerId, Project, Release, Vcenter,
    };
    use crate::refdata::ReferenceData;

    fn project(vcenter: &str, host: &str, server: bool) -> Project {
        let mut project = Project::default();
        if server {
            project.licence_servers.insert(
                LicenceServerId(1),
                LicenceServer {
                    name: "lic01".into(),
                    ..LicenceServer::default()
                },
            );
        }
        project.vcenters.insert(
            VcenterId(1),
            Vcenter {
                name: "vc01".into(),
                release: vcenter.parse().unwrap(),
                licence_server: server.then_some(LicenceServerId(1)),
                ..Vcenter::default()
            },
        );
        let mut esx = Host {
            name: "esx01".into(),
            vcenter: Some(VcenterId(1)),
            ..Host::default()
        };
        esx.esx.release = host.parse::<Release>().unwrap();
        project.hosts.insert(HostId(1), esx);
        project
    }

    fn found(project: &Project) -> Vec<String> {
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(project);
        let ctx = Context::new(project, &reference, &index);
        let mut out = Findings::default();
        UpgNoLicenceServer.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn vcenter_4_with_esx35_host_needs_the_licence_server() {
        let messages = found(&project("4.0 U1", "3.5 U4", false));
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].contains("1 ESX 3.x host (esx01)"),
            "{messages:?}"
        );
    }

    #[test]
    fn quiet_with_a_licence_server_or_only_esx4_hosts_or_virtualcenter() {
        assert!(found(&project("4.0 U1", "3.5 U4", true)).is_empty());
        assert!(found(&project("4.0 U1", "4.0 U1", false)).is_empty());
        assert!(found(&project("2.5 U4", "3.5 U4", false)).is_empty());
    }
}
