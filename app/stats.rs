//! Counts over a plan for `dcplan stats`: what an architect wants to see at a glance.

use std::collections::BTreeMap;

use crate::model::{Placement, PowerState, Project, Vm, VmConnection};

/// Named counts, sorted by name.
pub fn counts(project: &Project) -> BTreeMap<&'static str, u64> {
    let blades = project
        .hosts
        .values()
        .filter(|h| matches!(h.placement, Placement::Blade { .. }))
        .count();
    let len = |n: usize| n as u64;
    let vms = |wanted: fn(&Vm) -> bool| project.vms.values().filter(|vm| wanted(vm)).count();
    BTreeMap::from([
        ("arrays", len(project.arrays.len())),
        ("blades", len(blades)),
        ("clusters", len(project.clusters.len())),
        (
            "cpu_cores",
            project
                .hosts
                .values()
                .map(|h| u64::from(h.cpu.cores()))
                .sum(),
        ),
        ("datastores", len(project.datastores.len())),
        ("enclosures", len(project.enclosures.len())),
        ("fabrics", len(project.fabrics.len())),
        (
            "ft_vms",
            len(project.vms.values().filter(|vm| vm.is_ft()).count()),
        ),
        ("hosts", len(project.hosts.len())),
        (
            "hosts_in_maintenance",
            len(project.hosts.values().filter(|h| h.in_maintenance).count()),
        ),
        (
            "host_memory_gb",
            project.hosts.values().map(|h| u64::from(h.memory_gb)).sum(),
        ),
        ("luns", len(project.luns.len())),
        (
            "lun_capacity_gb",
            project.luns.values().map(|l| u64::from(l.size_gb)).sum(),
        ),
        ("networks", len(project.networks.len())),
        ("racks", len(project.racks.len())),
        ("rack_servers", len(project.hosts.len() - blades)),
        ("site_links", len(project.site_links.len())),
        ("sites", len(project.sites.len())),
        ("vcenters", len(project.vcenters.len())),
        (
            "vcpus",
            project.vms.values().map(|vm| u64::from(vm.vcpus)).sum(),
        ),
        (
            "vm_memory_mb",
            project.vms.values().map(|vm| u64::from(vm.memory_mb)).sum(),
        ),
        ("vms", len(project.vms.len())),
        (
            "vms_inaccessible",
            len(vms(|vm| {
                matches!(
                    vm.connection,
                    VmConnection::Inaccessible | VmConnection::Invalid
                )
            })),
        ),
        (
            "vms_orphaned",
            len(vms(|vm| vm.connection == VmConnection::Orphaned)),
        ),
        (
            "vms_powered_off",
            len(vms(|vm| !vm.template && vm.power == PowerState::PoweredOff)),
        ),
        ("vm_templates", len(vms(|vm| vm.template))),
        ("vswitches", len(project.vswitches.len())),
    ])
}
