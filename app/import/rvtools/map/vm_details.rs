//! VM details from the per-VM tabs: vCPUs and memory, disks, vNICs, snapshots and Tools.

use std::borrow::Cow;

use super::storage::datastore_in_path;
use super::{Mapper, mb_to_gb, text, whole};
use crate::import::rvtools::columns::{VCpu, VDisk, VMemory, VNetwork, VSnapshot, VTools};
use crate::model::{
    Disk, DiskFormat, NicAdapter, ScsiController, ScsiKind, ToolsStatus, VmId, Vnic,
};

impl Mapper<'_> {
    pub(super) fn vm_details(&mut self) {
        self.vcpus_and_memory();
        self.disks();
        self.vnics();
        self.snapshots();
        self.tools();
        let unset: Vec<VmId> = self
            .project
            .vms
            .iter()
            .filter(|(_, vm)| vm.vcpus == 0)
            .map(|(id, _)| *id)
            .collect();
        for id in unset {
            if let Some(vm) = self.project.vms.get_mut(&id) {
                vm.vcpus = 1;
                let name = vm.name.clone();
                self.report.guess(
                    "vm.vcpus",
                    "1",
                    "neither vInfo nor vCPU gives a CPU count",
                    || name,
                );
            }
        }
    }

    fn vcpus_and_memory(&mut self) {
        let book = self.book;
        if let Some(tab) = book.tab("vCPU") {
            for (row, id, name) in self.vm_rows(tab, VCpu::Vm, VCpu::VmUuid, VCpu::VmId) {
                let cpus = self
                    .number("vCPU", row, VCpu::Cpus, "vm.vcpus", &name)
                    .and_then(whole);
                let reservation = self
                    .number(
                        "vCPU",
                        row,
                        VCpu::Reservation,
                        "vm.cpu_reservation_mhz",
                        &name,
                    )
                    .and_then(whole);
                let hot_add = self.boolean("vCPU", row, VCpu::HotAdd, "vm.hot_add", &name);
                let Some(vm) = self.project.vms.get_mut(&id) else {
                    continue;
                };
                vm.cpu_reservation_mhz = reservation.unwrap_or(0);
                vm.hot_add |= hot_add.unwrap_or(false);
                match cpus {
                    Some(cpus) if vm.vcpus == 0 => vm.vcpus = cpus,
                    Some(cpus) if cpus != vm.vcpus => {
                        let example = format!("{name}: vInfo {}, vCPU {cpus}", vm.vcpus);
                        self.report.guess(
                            "vm.vcpus",
                            "vInfo's count",
                            "the vCPU tab gives another count",
                            || example,
                        );
                    }
                    _ => {}
                }
            }
        }
        if let Some(tab) = book.tab("vMemory") {
            for (row, id, name) in self.vm_rows(tab, VMemory::Vm, VMemory::VmUuid, VMemory::VmId) {
                let size = self
                    .number("vMemory", row, VMemory::Size, "vm.memory_mb", &name)
                    .and_then(whole);
                let reservation = self
                    .number(
                        "vMemory",
                        row,
                        VMemory::Reservation,
                        "vm.memory_reservation_mb",
                        &name,
                    )
                    .and_then(whole);
                let hot_add = self.boolean("vMemory", row, VMemory::HotAdd, "vm.hot_add", &name);
                let Some(vm) = self.project.vms.get_mut(&id) else {
                    continue;
                };
                vm.memory_reservation_mb = reservation.unwrap_or(0);
                vm.hot_add |= hot_add.unwrap_or(false);
                match size {
                    Some(size) if vm.memory_mb == 0 => vm.memory_mb = size,
                    Some(size) if size != vm.memory_mb => {
                        let example =
                            format!("{name}: vInfo {} MB, vMemory {size} MB", vm.memory_mb);
                        self.report.guess(
                            "vm.memory_mb",
                            "vInfo's size",
                            "the vMemory tab gives another size",
                            || example,
                        );
                    }
                    _ => {}
                }
            }
        }
    }

    fn disks(&mut self) {
        const TAB: &str = "vDisk";
        let book = self.book;
        let Some(tab) = book.tab(TAB) else {
            if !self.project.vms.is_empty() {
                self.report
                    .note("no vDisk tab: VMs are imported without disks");
            }
            return;
        };
        for (row, id, name) in self.vm_rows(tab, VDisk::Vm, VDisk::VmUuid, VDisk::VmId) {
            let example = || format!("{name} (vDisk row {})", row.number);
            let raw = self
                .boolean(TAB, row, VDisk::Raw, "vm.disks.format", &name)
                .unwrap_or(false);
            let thin = self
                .boolean(TAB, row, VDisk::Thin, "vm.disks.format", &name)
                .unwrap_or(false);
            let eager = self
                .boolean(TAB, row, VDisk::EagerlyScrub, "vm.disks.format", &name)
                .unwrap_or(false);
            let format = if raw {
                match text(row, VDisk::RawMode).map(|m| m.to_ascii_lowercase()) {
                    Some(mode) if mode.contains("physical") => DiskFormat::RdmPhysical,
                    Some(mode) if mode.contains("virtual") => DiskFormat::RdmVirtual,
                    _ => {
                        self.report.guess(
                            "vm.disks.format",
                            "RdmVirtual",
                            "an RDM whose compatibility mode vDisk does not give",
                            example,
                        );
                        DiskFormat::RdmVirtual
                    }
                }
            } else if thin {
                DiskFormat::Thin
            } else if eager {
                DiskFormat::EagerZeroedThick
            } else {
                DiskFormat::LazyZeroedThick
            };
            let size_gb = self
                .number(TAB, row, VDisk::Capacity, "vm.disks.size_gb", &name)
                .map_or(0, mb_to_gb);
            let site = self.vm_site(id);
            let vm_host = self.project.vms.get(&id).and_then(|vm| vm.host);
            let datastore = text(row, VDisk::Path)
                .and_then(|path| datastore_in_path(&path).map(str::to_owned))
                .map(|datastore| self.datastore(&datastore, vm_host, site));
            let controller = text(row, VDisk::Controller).and_then(|c| scsi_kind(&c));
            let shared = text(row, VDisk::SharedBus).is_some_and(|s| {
                s.to_ascii_lowercase().contains("virtual")
                    || s.to_ascii_lowercase().contains("physical")
            });
            let Some(vm) = self.project.vms.get_mut(&id) else {
                continue;
            };
            let label = text(row, VDisk::Disk)
                .map(Cow::into_owned)
                .unwrap_or_else(|| format!("Hard disk {}", vm.disks.len() + 1));
            vm.disks.push(Disk {
                label,
                size_gb,
                format,
                datastore,
                rdm_lun: None,
            });
            if let Some(kind) = controller {
                let wanted = ScsiController {
                    kind,
                    shared_bus: shared,
                };
                if !vm.scsi_controllers.contains(&wanted) {
                    vm.scsi_controllers.push(wanted);
                }
            }
        }
    }

    fn vnics(&mut self) {
        const TAB: &str = "vNetwork";
        let book = self.book;
        let Some(tab) = book.tab(TAB) else {
            return;
        };
        for (row, id, name) in self.vm_rows(tab, VNetwork::Vm, VNetwork::VmUuid, VNetwork::VmId) {
            let Some(network) = text(row, VNetwork::Network) else {
                self.report.skip(
                    TAB,
                    row.number,
                    "the Network cell is empty, and a NIC of the plan must name its port group",
                );
                continue;
            };
            let network = self.network(&network);
            let adapter_text = text(row, VNetwork::Adapter)
                .map(Cow::into_owned)
                .unwrap_or_default();
            let adapter = match nic_adapter(&adapter_text) {
                Some(adapter) => adapter,
                None => {
                    self.report.guess(
                        "vm.nics.adapter",
                        "E1000",
                        format!("dcplan has no adapter type `{adapter_text}`"),
                        || format!("{name} (vNetwork row {})", row.number),
                    );
                    NicAdapter::E1000
                }
            };
            if let Some(vm) = self.project.vms.get_mut(&id) {
                vm.nics.push(Vnic { network, adapter });
            }
        }
    }

    fn snapshots(&mut self) {
        let book = self.book;
        let Some(tab) = book.tab("vSnapshot") else {
            return;
        };
        for (_, id, _) in self.vm_rows(tab, VSnapshot::Vm, VSnapshot::VmUuid, VSnapshot::VmId) {
            if let Some(vm) = self.project.vms.get_mut(&id) {
                vm.snapshots += 1;
            }
        }
    }

    fn tools(&mut self) {
        const TAB: &str = "vTools";
        let book = self.book;
        let Some(tab) = book.tab(TAB) else {
            let names: Vec<String> = self
                .project
                .vms
                .values()
                .map(|vm| vm.name.clone())
                .collect();
            for name in names {
                self.report
                    .guess("vm.tools", "Current", "no vTools tab", || name);
            }
            return;
        };
        for (row, id, name) in self.vm_rows(tab, VTools::Vm, VTools::VmUuid, VTools::VmId) {
            let upgradeable = self.boolean(TAB, row, VTools::Upgradeable, "vm.tools", &name);
            let status = text(row, VTools::Tools).map(|t| t.to_ascii_lowercase());
            let tools = match (status.as_deref(), upgradeable) {
                (Some("toolsnotinstalled"), _) => ToolsStatus::NotInstalled,
                (Some("toolsold"), _) | (_, Some(true)) => ToolsStatus::Old,
                (Some("toolsok"), _) | (_, Some(false)) => ToolsStatus::Current,
                (other, None) => {
                    self.report.guess(
                        "vm.tools",
                        "Current",
                        format!(
                            "vTools gives the status `{}` and no Upgradeable value",
                            other.unwrap_or("")
                        ),
                        || format!("{name} (vTools row {})", row.number),
                    );
                    ToolsStatus::Current
                }
            };
            if let Some(vm) = self.project.vms.get_mut(&id) {
                vm.tools = tools;
            }
        }
    }
}

fn scsi_kind(controller: &str) -> Option<ScsiKind> {
    let lower = controller.to_ascii_lowercase();
    Some(
        if lower.contains("paravirtual") || lower.contains("pvscsi") {
            ScsiKind::Pvscsi
        } else if lower.contains("sas") {
            ScsiKind::LsiLogicSas
        } else if lower.contains("lsi") {
            ScsiKind::LsiLogic
        } else if lower.contains("buslogic") {
            ScsiKind::BusLogic
        } else {
            return None;
        },
    )
}

fn nic_adapter(adapter: &str) -> Option<NicAdapter> {
    let lower: String = adapter
        .to_ascii_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    Some(if lower.starts_with("vmxnet3") {
        NicAdapter::Vmxnet3
    } else if lower.starts_with("vmxnet") {
        NicAdapter::Vmxnet2
    } else if lower == "e1000" {
        NicAdapter::E1000
    } else if lower.starts_with("flexible") {
        NicAdapter::Flexible
    } else if lower.contains("pcnet") || lower.contains("vlance") {
        NicAdapter::Vlance
    } else {
        return None;
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adapters_map_to_the_model() {
        assert_eq!(nic_adapter("Vmxnet3"), Some(NicAdapter::Vmxnet3));
        assert_eq!(
            nic_adapter("VMXNET 2 (Enhanced)"),
            Some(NicAdapter::Vmxnet2)
        );
        assert_eq!(nic_adapter("E1000E"), None);
    }
}
