//! Hosts from vHost: hardware, CPU series through the reference data, BIOS flags, ESX release and build.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::{Mapper, mb_to_gb, small, text, whole};
use crate::import::rvtools::columns::VHost;
use crate::import::rvtools::hardware::{identify_cpu, parse_version};
use crate::import::rvtools::workbook::Row;
use crate::model::{Addressing, Bios, Cpu, EsxInstall, EsxProduct, Host, HostId, Placement};

impl Mapper<'_> {
    pub(super) fn hosts(&mut self) {
        let book = self.book;
        let Some(tab) = book.tab("vHost") else {
            self.report
                .note("no vHost tab: no hosts imported; VMs keep their cluster but no host");
            return;
        };
        if !self.require(tab, VHost::Host, "a host row without a name cannot be used") {
            return;
        }
        // IDs in datacenter, cluster and name order, so clusters' hosts sit together.
        let mut order: Vec<(&Row, String, String, String)> = Vec::new();
        for row in &tab.rows {
            let Some(name) = text(row, VHost::Host) else {
                self.report.skip("vHost", row.number, "no host name");
                continue;
            };
            let datacenter = text(row, VHost::Datacenter)
                .map(Cow::into_owned)
                .unwrap_or_default();
            let cluster = text(row, VHost::Cluster)
                .map(Cow::into_owned)
                .unwrap_or_default();
            order.push((row, datacenter, cluster, name.into_owned()));
        }
        order.sort_by(|a, b| (&a.1, &a.2, &a.3, a.0.number).cmp(&(&b.1, &b.2, &b.3, b.0.number)));
        let mut unresolved: BTreeMap<String, (u32, String)> = BTreeMap::new();
        let mut blades: BTreeMap<String, u32> = BTreeMap::new();
        let mut next_id = 1;
        for (row, datacenter, cluster, name) in order {
            let key = name.to_lowercase();
            if let Some(first) = self.hosts.get(&key).and_then(|id| self.host_rows.get(id)) {
                self.report.skip(
                    "vHost",
                    row.number,
                    format!("host `{name}` appears twice; row {first} is kept"),
                );
                continue;
            }
            let id = HostId(next_id);
            next_id += 1;
            let host = self.host(row, &name, &datacenter, &cluster, &mut unresolved);
            if host.model.to_ascii_uppercase().contains(" BL") {
                *blades.entry(host.model.clone()).or_default() += 1;
            }
            self.project.hosts.insert(id, host);
            self.hosts.insert(key, id);
            self.host_rows.insert(id, row.number);
        }
        for (series, (count, raw)) in unresolved {
            self.report.note(format!(
                "CPU series `{series}` ({count} hosts, e.g. `{raw}`) is not in the reference data: no FT group or EVC level; a --reference file can add it"
            ));
        }
        for (model, count) in blades {
            self.report.note(format!(
                "{count} hosts are {model} blades, placed as rack servers: the export does not say which enclosure and bay"
            ));
        }
        self.cluster_evc();
    }

    fn host(
        &mut self,
        row: &Row,
        name: &str,
        datacenter: &str,
        cluster: &str,
        unresolved: &mut BTreeMap<String, (u32, String)>,
    ) -> Host {
        const TAB: &str = "vHost";
        let example = || format!("{name} (vHost row {})", row.number);
        let cluster_id = self.cluster_of(Some(datacenter), Some(cluster).filter(|c| !c.is_empty()));
        let site = match cluster_id.and_then(|id| self.project.clusters.get(&id)) {
            Some(cluster) if datacenter.is_empty() => self.site_of(Some(&cluster.datacenter)),
            _ => self.site_of(Some(datacenter)),
        };
        let mut host = Host {
            name: name.to_owned(),
            placement: Placement::RackServer {
                site,
                rack: None,
                unit: None,
            },
            cluster: cluster_id,
            vcenter: if cluster_id.is_none() {
                self.vcenter_for(None)
            } else {
                None
            },
            vendor: text(row, VHost::Vendor)
                .map(Cow::into_owned)
                .unwrap_or_default(),
            model: text(row, VHost::Model)
                .map(Cow::into_owned)
                .unwrap_or_default(),
            ..Host::default()
        };
        // Hardware.
        let raw_cpu = text(row, VHost::CpuModel).map(Cow::into_owned);
        let mut cpu = Cpu::default();
        match &raw_cpu {
            Some(raw) => {
                let identity = identify_cpu(raw);
                cpu.vendor = identity.vendor;
                if !identity.vendor_known {
                    self.report.guess(
                        "host.cpu.vendor",
                        "Intel",
                        format!("the CPU model `{raw}` names no vendor"),
                        example,
                    );
                }
                cpu.series = identity
                    .series
                    .clone()
                    .unwrap_or_else(|| identity.model_name.clone());
                cpu.model_name = identity.model_name;
                let known = self.reference.cpu_series(&cpu.series).is_some()
                    || self.reference.ft_group_of(&cpu.series).is_some();
                if !known {
                    unresolved
                        .entry(cpu.series.clone())
                        .or_insert_with(|| (0, raw.clone()))
                        .0 += 1;
                }
            }
            None => self.report.guess(
                "host.cpu.series",
                "(empty)",
                "vHost gives no CPU model",
                example,
            ),
        }
        cpu.mhz = self
            .number(TAB, row, VHost::Speed, "host.cpu.mhz", name)
            .and_then(whole)
            .unwrap_or(0);
        let sockets = self
            .number(TAB, row, VHost::Sockets, "host.cpu.sockets", name)
            .and_then(whole);
        let per_socket = self
            .number(
                TAB,
                row,
                VHost::CoresPerCpu,
                "host.cpu.cores_per_socket",
                name,
            )
            .and_then(whole);
        let cores = self
            .number(TAB, row, VHost::Cores, "host.cpu.cores_per_socket", name)
            .and_then(whole);
        cpu.sockets = small(sockets.unwrap_or(0));
        cpu.cores_per_socket = small(match (per_socket, cores, sockets) {
            (Some(per_socket), _, _) => per_socket,
            (None, Some(cores), Some(sockets)) if sockets > 0 => cores / sockets,
            _ => 0,
        });
        cpu.hyperthreading = self
            .boolean(TAB, row, VHost::HtActive, "host.cpu.hyperthreading", name)
            .unwrap_or(false);
        host.memory_gb = self
            .number(TAB, row, VHost::Memory, "host.memory_gb", name)
            .map_or(0, mb_to_gb);
        // What it runs.
        host.esx = self.esx_install(row, name);
        // ESX 4 and later run on 64-bit CPUs only, and every series the reference data knows is 64-bit.
        let known_series = self.reference.cpu_series(&cpu.series).is_some();
        cpu.x64 = true;
        if host.esx.release.major < 4 && !known_series {
            self.report.guess(
                "host.cpu.x64",
                "true",
                "the export does not say; the host runs ESX before 4.0 on a CPU series the reference data does not know",
                example,
            );
        }
        host.cpu = cpu;
        self.bios(row, &mut host.bios, &example);
        host.in_maintenance = self
            .boolean(TAB, row, VHost::InMaintenance, "host.in_maintenance", name)
            .unwrap_or(false);
        match self.boolean(TAB, row, VHost::Dhcp, "host.management_addressing", name) {
            Some(true) => host.management_addressing = Addressing::Dhcp,
            Some(false) => {}
            None => self.report.guess(
                "host.management_addressing",
                "Static",
                "vHost gives no DHCP value",
                example,
            ),
        }
        host
    }

    /// RVTools exports no BIOS setting: VT and NX/XD are known on only where the host runs an active EVC mode
    /// (vCenter admits no host to an EVC cluster without both), else they stay unknown, as does the power profile
    /// (vHost's power policy is ESX's own, not the BIOS profile).
    fn bios(&mut self, row: &Row, bios: &mut Bios, example: &dyn Fn() -> String) {
        let evc = text(row, VHost::CurrentEvc)
            .filter(|mode| !mode.eq_ignore_ascii_case("disabled"))
            .map(Cow::into_owned);
        match evc {
            Some(mode) => {
                bios.hv = Some(true);
                bios.nx_xd = Some(true);
                self.report.guess(
                    "host.bios.hv, host.bios.nx_xd",
                    "on",
                    "the host runs an EVC mode, which needs both on",
                    || format!("{} (Current EVC `{mode}`)", example()),
                );
            }
            None => {
                for field in ["host.bios.hv", "host.bios.nx_xd"] {
                    self.report.unknown(
                        field,
                        "RVTools exports no BIOS setting and the host runs no EVC mode",
                    );
                }
            }
        }
        self.report.unknown(
            "host.bios.power_profile",
            "RVTools exports no BIOS setting (its power policy is ESX's, not the BIOS profile)",
        );
    }

    fn esx_install(&mut self, row: &Row, name: &str) -> EsxInstall {
        let example = || format!("{name} (vHost row {})", row.number);
        let Some(version_text) = text(row, VHost::EsxVersion).map(Cow::into_owned) else {
            let vcenter = self.project.vcenters.values().next().map(|vc| vc.release);
            return match vcenter {
                Some(release) => {
                    // ESX with a service console ended with 4.1.
                    let product = if release.major >= 5 {
                        EsxProduct::Esxi
                    } else {
                        EsxProduct::Esx
                    };
                    self.report.guess(
                        "host.esx",
                        format!("{product:?} {release}"),
                        "vHost gives no ESX version; the vCenter's release is used",
                        example,
                    );
                    EsxInstall {
                        product,
                        release,
                        ..EsxInstall::default()
                    }
                }
                None => {
                    self.report.guess(
                        "host.esx",
                        "Esx 0.0",
                        "neither vHost nor a vCenter gives an ESX version",
                        example,
                    );
                    EsxInstall::default()
                }
            };
        };
        let Some(parsed) = parse_version(&version_text) else {
            self.report.guess(
                "host.esx",
                "Esx 0.0",
                format!("the ESX version `{version_text}` cannot be read"),
                example,
            );
            return EsxInstall::default();
        };
        let product = parsed.product.unwrap_or_else(|| {
            self.report.guess(
                "host.esx.product",
                "Esx",
                format!("`{version_text}` says neither ESX nor ESXi"),
                example,
            );
            EsxProduct::Esx
        });
        let build = parsed.build.unwrap_or(0);
        let known = (build > 0)
            .then(|| self.reference.release_of_build(product, build))
            .flatten();
        let release = match known {
            Some(entry) => entry.release,
            None => {
                if !parsed.has_update {
                    self.report.guess(
                        "host.esx.release",
                        parsed.release.to_string(),
                        format!(
                            "`{version_text}`: the build is not in the reference data, so the Update level is unknown"
                        ),
                        example,
                    );
                }
                parsed.release
            }
        };
        EsxInstall {
            product,
            release,
            build,
            patches: Vec::new(),
        }
    }

    pub(super) fn host_in(
        &mut self,
        tab: &'static str,
        row: &Row,
        name: Option<Cow<'_, str>>,
    ) -> Option<HostId> {
        let Some(name) = name else {
            self.report.skip(tab, row.number, "no host name");
            return None;
        };
        let found = self.hosts.get(&name.to_lowercase()).copied();
        if found.is_none() {
            self.report
                .skip(tab, row.number, format!("host `{name}` is not in vHost"));
        }
        found
    }
}
