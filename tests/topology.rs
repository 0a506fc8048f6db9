//! The connectivity graph on the samples: paths per host and LUN, datastores per site, what an outage takes down,
//! and access lost and regained when a blade's identity changes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test stops loudly when its input is broken"
)]

use std::collections::BTreeSet;
use std::path::Path;

use dcplan::io::PlanFile;
use dcplan::model::{
    ArrayId, Controller, DatastoreId, EnclosureId, FabricId, FabricSide, HostId, LunId, Project,
    SiteId, Step,
};
use dcplan::planner::projection::{apply_step, move_blade};
use dcplan::rules::Progress;
use dcplan::topology::{
    BladeBays, Outage, Topology, blades_in, hosts_down, hosts_down_with, side_modules,
};

fn sample(name: &str) -> Project {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    PlanFile::load(&path).unwrap().project
}

fn ids<T: Copy + Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    items.into_iter().collect()
}

#[test]
fn every_west_host_reaches_its_luns_through_both_fabrics_and_both_controllers() {
    let project = sample("projects/samples/esx35-west.ron");
    let topology = Topology::build(&project);
    for (&id, host) in &project.hosts {
        assert!(!host.lun_paths.is_empty());
        for path in &host.lun_paths {
            let paths = topology.paths(id, path.lun);
            // Two HBA ports, each through its VC-FC module to one fabric, there to both controllers.
            assert_eq!(paths.len(), 4, "{} to {}: {paths:?}", host.name, path.lun);
            assert_eq!(
                ids(paths.iter().map(|p| p.side)),
                ids([FabricSide::A, FabricSide::B])
            );
            assert_eq!(
                ids(paths.iter().map(|p| p.controller)),
                ids([Controller::A, Controller::B])
            );
            assert!(
                paths
                    .iter()
                    .all(|p| p.module.is_some_and(|(_, bay)| bay == 3 || bay == 4))
            );
        }
    }
    // esx01 does not see the Dev LUN: neither zoned nor presented to it, and it has no path entry.
    assert!(topology.paths(HostId(1), LunId(3)).is_empty());
}

#[test]
fn a_module_side_reboot_keeps_every_west_blade_up_but_both_sides_take_the_enclosure() {
    let project = sample("projects/samples/esx35-west.ron");
    for odd in [true, false] {
        let down = hosts_down(
            &project,
            &Outage::Modules(side_modules(&project, EnclosureId(1), odd)),
        );
        assert!(down.is_empty(), "one side of enc1 down: {down:?}");
    }
    let mut both = side_modules(&project, EnclosureId(1), true);
    both.extend(side_modules(&project, EnclosureId(1), false));
    assert_eq!(
        hosts_down(&project, &Outage::Modules(both)),
        ids((1..=6).map(HostId))
    );
    assert_eq!(
        hosts_down(&project, &Outage::Enclosure(EnclosureId(2))),
        ids((7..=10).map(HostId))
    );
    // Dual fabrics and dual controllers: losing one of either takes no host down.
    assert!(hosts_down(&project, &Outage::Fabric(FabricId(1))).is_empty());
    assert!(hosts_down(&project, &Outage::Controller(ArrayId(1), Controller::B)).is_empty());
    assert_eq!(hosts_down(&project, &Outage::Site(SiteId(1))).len(), 10);
}

#[test]
fn a_host_on_one_fabric_goes_down_with_it() {
    let mut project = sample("projects/samples/esx35-west.ron");
    // The enc1 blades' wiring recorded (HBA port 1 to bay 3, port 2 to bay 4), and the VC-FC module in bay 4
    // pulled: each enc1 blade hangs on fabric A alone.
    for host in project.hosts.values_mut() {
        for (position, port) in host.fc_ports.iter_mut().enumerate() {
            port.interconnect_bay = Some(3 + u8::try_from(position).unwrap());
        }
    }
    project
        .enclosures
        .get_mut(&EnclosureId(1))
        .unwrap()
        .interconnects
        .remove(&4);
    let down = hosts_down(&project, &Outage::Fabric(FabricId(1)));
    assert_eq!(down, ids((1..=6).map(HostId)));
    // With the wiring not recorded the default bay is only a guess: the ports keep their declared fabrics.
    let mut guessed = sample("projects/samples/esx35-west.ron");
    guessed
        .enclosures
        .get_mut(&EnclosureId(1))
        .unwrap()
        .interconnects
        .remove(&4);
    assert!(hosts_down(&guessed, &Outage::Fabric(FabricId(1))).is_empty());
}

#[test]
fn each_site_of_the_two_site_sample_sees_every_datastore_over_the_extended_san() {
    let project = sample("projects/samples/ldvm-two-site.ron");
    let topology = Topology::build(&project);
    let all = ids(project.datastores.keys().copied());
    assert_eq!(topology.datastores_of_site(SiteId(1)), all);
    assert_eq!(topology.datastores_of_site(SiteId(2)), all);
    // The design that does not work: per-site presentation, each site sees its own two datastores only.
    let broken = sample("projects/fixtures/rules/STO-03/trigger.ron");
    let topology = Topology::build(&broken);
    assert_eq!(
        topology.datastores_of_site(SiteId(1)),
        ids([DatastoreId(1), DatastoreId(2)])
    );
    assert_eq!(
        topology.datastores_of_site(SiteId(2)),
        ids([DatastoreId(3), DatastoreId(4)])
    );
}

#[test]
fn a_moved_blade_loses_its_luns_until_zoning_and_host_entries_follow_its_new_wwpns() {
    let mut project = sample("projects/samples/esx35-west.ron");
    let changes = move_blade(&mut project, HostId(5), EnclosureId(2), 6);
    assert_eq!(
        changes,
        vec![
            (
                "50:06:0b:00:00:c2:01:0a".to_owned(),
                "50:06:0b:00:00:c2:02:0c".to_owned()
            ),
            (
                "50:06:0b:00:00:c2:01:0b".to_owned(),
                "50:06:0b:00:00:c2:02:0d".to_owned()
            ),
        ]
    );
    {
        let topology = Topology::build(&project);
        assert!(topology.paths(HostId(5), LunId(1)).is_empty());
        let denied = topology.access_denied(HostId(5), LunId(1)).unwrap();
        assert_eq!(denied.zoning, ids([FabricId(1), FabricId(2)]));
        assert!(denied.presentation);
    }
    let mut progress = Progress::default();
    progress.identity_changes.insert(HostId(5), changes);
    let design = project.clone();
    apply_step(
        &mut project,
        &design,
        &Step::RezoneHost { host: HostId(5) },
        &mut progress,
    );
    {
        let topology = Topology::build(&project);
        let denied = topology.access_denied(HostId(5), LunId(1)).unwrap();
        assert!(denied.zoning.is_empty(), "zoned again");
        assert!(denied.presentation, "but not yet presented");
    }
    apply_step(
        &mut project,
        &design,
        &Step::UpdateArrayHosts { host: HostId(5) },
        &mut progress,
    );
    let topology = Topology::build(&project);
    assert_eq!(topology.paths(HostId(5), LunId(1)).len(), 4);
    assert!(topology.access_denied(HostId(5), LunId(1)).is_none());
}

#[test]
fn unrecorded_zoning_and_presentation_are_unknown_not_missing() {
    let mut project = sample("projects/samples/esx35-west.ron");
    for fabric in project.fabrics.values_mut() {
        fabric.zones.clear();
    }
    for array in project.arrays.values_mut() {
        array.host_entries.clear();
    }
    // Moved with no zoning or host entries recorded: nothing says access is lost.
    move_blade(&mut project, HostId(5), EnclosureId(2), 6);
    let topology = Topology::build(&project);
    assert_eq!(topology.paths(HostId(5), LunId(1)).len(), 4);
    // A plan without server profiles leaves the new WWPN unknown.
    let mut project = sample("projects/samples/esx35-west.ron");
    project
        .enclosures
        .get_mut(&EnclosureId(2))
        .unwrap()
        .vc_domain
        .as_mut()
        .unwrap()
        .profiles
        .clear();
    let changes = move_blade(&mut project, HostId(5), EnclosureId(2), 6);
    assert!(changes.iter().all(|(_, new)| new.is_empty()));
    assert!(
        project.hosts[&HostId(5)]
            .fc_ports
            .iter()
            .all(|p| p.wwpn.is_empty())
    );
}

#[test]
fn blade_bays_found_once_are_those_each_enclosure_has_before_and_after_a_blade_moves() {
    let mut project = sample("projects/samples/esx35-west.ron");
    let mut enclosures: Vec<EnclosureId> = project.enclosures.keys().copied().collect();
    enclosures.push(EnclosureId(999));
    let same_as_walking_the_hosts = |project: &Project| {
        let bays = BladeBays::of(project);
        let mut blades = 0;
        for &enclosure in &enclosures {
            assert_eq!(
                bays.in_enclosure(enclosure),
                blades_in(project, enclosure).as_slice(),
                "{enclosure}"
            );
            assert_eq!(
                hosts_down_with(project, &Outage::Enclosure(enclosure), &bays),
                hosts_down(project, &Outage::Enclosure(enclosure)),
            );
            blades += bays.in_enclosure(enclosure).len();
        }
        assert_eq!(blades, project.hosts.len(), "every west host is a blade");
        bays
    };
    let before = same_as_walking_the_hosts(&project);
    assert!(
        before
            .in_enclosure(EnclosureId(1))
            .contains(&(5, HostId(5)))
    );
    move_blade(&mut project, HostId(5), EnclosureId(2), 6);
    let after = same_as_walking_the_hosts(&project);
    assert!(
        !after
            .in_enclosure(EnclosureId(1))
            .iter()
            .any(|&(_, h)| h == HostId(5))
    );
    assert!(after.in_enclosure(EnclosureId(2)).contains(&(6, HostId(5))));
    // Bays found before the move and made to follow the blade are those found after it.
    assert_ne!(before, after);
    let mut followed = before;
    followed.follow(&project, HostId(5));
    assert_eq!(followed, after);
    // A blade moved into an enclosure of its own, and a host the estate no longer has.
    move_blade(&mut project, HostId(5), EnclosureId(3), 1);
    followed.follow(&project, HostId(5));
    assert_eq!(followed, BladeBays::of(&project));
    project.hosts.remove(&HostId(6));
    followed.follow(&project, HostId(6));
    assert_eq!(followed, BladeBays::of(&project));
}

#[test]
fn a_graph_of_one_enclosures_blades_gives_them_the_paths_of_the_whole_graph_without_building_the_rest_of_the_san()
 {
    // esx35-west with a SAN no blade of it is cabled to (a fabric and an array of their own), and ldvm-two-site,
    // whose site link extends the SAN: a blade there reaches the other site's fabric and array.
    let mut west = sample("projects/samples/esx35-west.ron");
    let mut unreached_fabric = west.fabrics[&FabricId(1)].clone();
    unreached_fabric.name = "fabric-elsewhere".into();
    west.fabrics.insert(FabricId(90), unreached_fabric);
    let mut unreached_array = west.arrays[&ArrayId(1)].clone();
    unreached_array.name = "eva-elsewhere".into();
    for port in &mut unreached_array.ports {
        port.fabric = FabricId(90);
    }
    west.arrays.insert(ArrayId(90), unreached_array);
    let two_sites = sample("projects/samples/ldvm-two-site.ron");
    assert!(
        two_sites
            .site_links
            .values()
            .any(|link| link.storage_extension != dcplan::model::StorageExtension::None)
    );

    let mut compared = 0;
    for (project, has_unreached_san) in [(&west, true), (&two_sites, false)] {
        let bays = BladeBays::of(project);
        for &enclosure in project.enclosures.keys() {
            let blades: BTreeSet<HostId> = bays
                .in_enclosure(enclosure)
                .iter()
                .map(|&(_, h)| h)
                .collect();
            let fc_modules = ids(project.enclosures[&enclosure]
                .interconnects
                .iter()
                .filter(|(_, module)| !module.kind.is_vc_ethernet())
                .map(|(&bay, _)| (enclosure, bay)));
            for down in [
                BTreeSet::new(),
                side_modules(project, enclosure, true),
                side_modules(project, enclosure, false),
                fc_modules,
            ] {
                let whole = Topology::build_with_down(project, &down);
                let scoped = Topology::build_for_hosts(project, &down, &blades);
                for &host in &blades {
                    for &lun in project.luns.keys() {
                        assert_eq!(
                            scoped.paths(host, lun),
                            whole.paths(host, lun),
                            "{host} to {lun} with {down:?} down"
                        );
                        compared += 1;
                    }
                }
                assert_eq!(
                    whole.contains(dcplan::topology::Node::ArrayPort(ArrayId(90), 0)),
                    has_unreached_san
                );
                assert!(!scoped.contains(dcplan::topology::Node::ArrayPort(ArrayId(90), 0)));
                assert!(!scoped.contains(dcplan::topology::Node::Fabric(FabricId(90))));
            }
        }
    }
    assert!(compared > 100, "{compared}");
    // The blades of ldvm-two-site reach the other site's array through the extended SAN.
    let topology = Topology::build(&two_sites);
    let reaching_across = two_sites.hosts.keys().any(|&host| {
        two_sites.luns.iter().any(|(&lun, vdisk)| {
            two_sites.arrays[&vdisk.array].site
                != dcplan::topology::host_site(&two_sites, host).unwrap_or(SiteId(0))
                && !topology.paths(host, lun).is_empty()
        })
    });
    assert!(reaching_across);
}
