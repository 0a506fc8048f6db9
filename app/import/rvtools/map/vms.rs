//! VMs from vInfo: identity, placement (the host a row names, matched by name or name ending), power state,
//! templates, FT Primaries and Secondaries.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::{HostMatch, HostReference, Mapper, text, whole};
use crate::import::rvtools::columns::{Column, VInfo};
use crate::import::rvtools::workbook::{Row, Tab};
use crate::model::{
    ClusterId, FtProtection, HostId, NicAdapter, PowerState, Vm, VmConnection, VmId, Vnic,
};

impl<'a> Mapper<'a> {
    /// The host a VM row names: by name, by name without its domain, else the one host of the VM's cluster whose
    /// name ends the VM's host name (exports whose names were shortened); the last is recorded as guessed.
    fn resolve_host(
        &mut self,
        name: &str,
        cluster: Option<ClusterId>,
        example: &str,
    ) -> Option<HostId> {
        let key = (name.to_lowercase(), cluster);
        let (found, guessed) = match self.host_matches.get(&key) {
            Some(known) => *known,
            None => {
                let known = self.match_host(&key.0, cluster);
                self.host_matches.insert(key, known);
                known
            }
        };
        if guessed || found.is_none() {
            self.record_host_match(name, found, example);
        }
        found
    }

    /// A host by exact name, by name without domain, or (guessed) by name suffix within the cluster.
    fn match_host(&self, lower: &str, cluster: Option<ClusterId>) -> (Option<HostId>, bool) {
        if let Some(id) = self.hosts.get(lower) {
            return (Some(*id), false);
        }
        let short = |n: &str| n.split('.').next().unwrap_or_default().to_owned();
        let wanted = short(lower);
        let unique = |mut ids: Box<dyn Iterator<Item = HostId> + '_>| match (ids.next(), ids.next())
        {
            (Some(id), None) => Some(id),
            _ => None,
        };
        let by_short = unique(Box::new(
            self.hosts
                .iter()
                .filter(|(host, _)| short(host) == wanted)
                .map(|(_, id)| *id),
        ));
        if by_short.is_some() {
            return (by_short, false);
        }
        let by_suffix = unique(Box::new(
            self.project
                .hosts
                .iter()
                .filter(|(_, host)| {
                    let host_short = short(&host.name.to_lowercase());
                    host.cluster == cluster
                        && host_short.len() >= 4
                        && (wanted.ends_with(&host_short) || host_short.ends_with(&wanted))
                })
                .map(|(id, _)| *id),
        ));
        (by_suffix, by_suffix.is_some())
    }

    fn record_host_match(&mut self, name: &str, found: Option<HostId>, example: &str) {
        match found {
            Some(id) => {
                let host = self.project.host_name(id);
                self.report.guess(
                    "vm.host",
                    "the one host of the VM's cluster whose name ends the given name",
                    "vInfo names a host that vHost does not have (the notes list each pair)",
                    || format!("`{name}` taken as `{host}` for {example}"),
                );
            }
            None => self.report.guess(
                "vm.host",
                "none",
                "vInfo names a host that vHost does not have and no host of the cluster matches (the notes list them)",
                || format!("`{name}` for {example}"),
            ),
        }
    }

    /// Notes every host name of vInfo that vHost lacks, and how it was resolved, in name order.
    fn note_host_matches(&mut self) {
        let mut matched: BTreeMap<String, String> = BTreeMap::new();
        let mut unmatched: BTreeSet<String> = BTreeSet::new();
        let mut pairs: Vec<(&HostReference, &HostMatch)> = self.host_matches.iter().collect();
        pairs.sort();
        for ((name, _), (found, guessed)) in pairs {
            match found {
                Some(id) if *guessed => {
                    matched.insert(name.clone(), self.project.host_name(*id));
                }
                Some(_) => {}
                None => {
                    unmatched.insert(name.clone());
                }
            }
        }
        if !matched.is_empty() {
            let pairs: Vec<String> = matched
                .iter()
                .map(|(from, to)| format!("{from} as {to}"))
                .collect();
            self.report.note(format!(
                "{} host names of vInfo matched a vHost host by the end of the name: {}",
                pairs.len(),
                pairs.join(", ")
            ));
        }
        if !unmatched.is_empty() {
            let names: Vec<&str> = unmatched.iter().map(String::as_str).collect();
            self.report.note(format!(
                "{} host names of vInfo are not in vHost, so their VMs have no host: {}",
                names.len(),
                names.join(", ")
            ));
        }
    }

    pub(super) fn vms(&mut self) {
        let book = self.book;
        let Some(tab) = book.tab("vInfo") else {
            self.report.note("no vInfo tab: no VMs imported");
            return;
        };
        if !self.require(tab, VInfo::Vm, "a VM row without a name cannot be used") {
            return;
        }
        if !tab.has(VInfo::HwVersion.index()) && !tab.rows.is_empty() {
            self.report.note(
                "vInfo has no HW version column: the VMs' virtual hardware is unknown (0), so the planner plans no Tools or hardware 7 upgrade for them",
            );
        }
        let mut secondaries: Vec<&Row> = Vec::new();
        for row in &tab.rows {
            let Some(name) = text(row, VInfo::Vm).map(Cow::into_owned) else {
                self.report.skip("vInfo", row.number, "no VM name");
                continue;
            };
            let role = text(row, VInfo::FtRole).map(|r| r.to_ascii_lowercase());
            if role
                .as_deref()
                .is_some_and(|r| r == "2" || r.contains("secondary"))
            {
                secondaries.push(row);
                continue;
            }
            let id = VmId(self.project.vms.len() as u32 + 1);
            let vm = self.vm(row, &name);
            for column in [VInfo::VmUuid, VInfo::VmId] {
                if let Some(key) = text(row, column) {
                    self.vm_keys.insert(key.into_owned(), id);
                }
            }
            self.vm_names.entry(name).or_default().push(id);
            self.project.vms.insert(id, vm);
        }
        for row in secondaries {
            let name = text(row, VInfo::Vm)
                .map(Cow::into_owned)
                .unwrap_or_default();
            for column in [VInfo::VmUuid, VInfo::VmId] {
                if let Some(key) = text(row, column)
                    && !self.vm_keys.contains_key(key.as_ref())
                {
                    self.ft_secondary_keys
                        .insert(key.into_owned(), name.clone());
                }
            }
            self.ft_secondary(row);
        }
        self.note_host_matches();
    }

    fn vm(&mut self, row: &Row, name: &str) -> Vm {
        const TAB: &str = "vInfo";
        let example = format!("{name} (vInfo row {})", row.number);
        let datacenter = text(row, VInfo::Datacenter);
        let cluster_name = text(row, VInfo::Cluster);
        let mut vm = Vm {
            name: name.to_owned(),
            cluster: self.cluster_of(datacenter.as_deref(), cluster_name.as_deref()),
            ..Vm::default()
        };
        if let Some(host) = text(row, VInfo::Host) {
            vm.host = self.resolve_host(&host, vm.cluster, &example);
            if vm.cluster.is_none() {
                vm.cluster = vm
                    .host
                    .and_then(|id| self.project.hosts.get(&id))
                    .and_then(|h| h.cluster);
            }
        }
        vm.power = match text(row, VInfo::Power)
            .map(|p| p.to_ascii_lowercase())
            .as_deref()
        {
            Some("poweredon") => PowerState::PoweredOn,
            Some("poweredoff") => PowerState::PoweredOff,
            Some("suspended") => {
                self.report.guess(
                    "vm.power",
                    "PoweredOff",
                    "the VM is suspended; dcplan knows on and off",
                    || example.clone(),
                );
                PowerState::PoweredOff
            }
            other => {
                self.report.guess(
                    "vm.power",
                    "PoweredOn",
                    format!("vInfo gives the power state `{}`", other.unwrap_or("")),
                    || example.clone(),
                );
                PowerState::PoweredOn
            }
        };
        vm.template = self
            .boolean(TAB, row, VInfo::Template, "vm.template", name)
            .unwrap_or(false);
        vm.connection = match text(row, VInfo::Connection)
            .map(|state| state.to_ascii_lowercase())
            .as_deref()
        {
            None | Some("connected") => VmConnection::Connected,
            Some("disconnected") => VmConnection::Disconnected,
            Some("inaccessible") => VmConnection::Inaccessible,
            Some("orphaned") => VmConnection::Orphaned,
            Some("invalid") => VmConnection::Invalid,
            Some(other) => {
                self.report.guess(
                    "vm.connection",
                    "Connected",
                    format!("vInfo gives the connection state `{other}`"),
                    || example.clone(),
                );
                VmConnection::Connected
            }
        };
        vm.vcpus = self
            .number(TAB, row, VInfo::Cpus, "vm.vcpus", name)
            .and_then(whole)
            .unwrap_or(0);
        vm.memory_mb = self
            .number(TAB, row, VInfo::Memory, "vm.memory_mb", name)
            .and_then(whole)
            .unwrap_or(0);
        if let Some(version) = text(row, VInfo::HwVersion) {
            let digits: String = version.chars().filter(char::is_ascii_digit).collect();
            match digits.parse::<u8>() {
                Ok(hw) => vm.hw_version = (hw > 0).then_some(hw),
                Err(_) => self.report.guess(
                    "vm.hw_version",
                    "0",
                    format!("vInfo column `HW version` holds `{version}`"),
                    || example.clone(),
                ),
            }
        }
        vm.guest_os = text(row, VInfo::OsConfig)
            .or_else(|| text(row, VInfo::OsTools))
            .map(Cow::into_owned)
            .unwrap_or_default();
        let ft_state = text(row, VInfo::FtState).map(|s| s.to_ascii_lowercase());
        match ft_state.as_deref() {
            None | Some("notconfigured") => {}
            Some("disabled") => {
                self.report
                    .guess("vm.ft", "off", "FT is configured but disabled", || {
                        example.clone()
                    })
            }
            Some(_) => vm.ft = Some(FtProtection::default()),
        }
        if self.book.tab("vNetwork").is_none() {
            for column in VInfo::NETWORKS {
                if let Some(network) = text(row, column) {
                    let network = self.network(&network);
                    vm.nics.push(Vnic {
                        network,
                        adapter: NicAdapter::E1000,
                    });
                    self.report.guess(
                        "vm.nics.adapter",
                        "E1000",
                        "no vNetwork tab: NICs come from vInfo's Network columns, which give no adapter type",
                        || example.clone(),
                    );
                }
            }
        }
        vm
    }

    /// An FT Secondary is not a VM of its own in the plan: its host becomes the Primary's `secondary_host`.
    fn ft_secondary(&mut self, row: &Row) {
        let Some(name) = text(row, VInfo::Vm).map(Cow::into_owned) else {
            return;
        };
        let primary = self.vm_names.get(&name).and_then(|ids| {
            ids.iter()
                .copied()
                .find(|id| self.project.vms.get(id).is_some_and(Vm::is_ft))
        });
        let Some(primary) = primary else {
            self.report.skip(
                "vInfo",
                row.number,
                format!("FT Secondary of `{name}`, whose Primary is not in vInfo"),
            );
            return;
        };
        let example = format!("{name} (vInfo row {})", row.number);
        let cluster = self.project.vms.get(&primary).and_then(|vm| vm.cluster);
        let host =
            text(row, VInfo::Host).and_then(|host| self.resolve_host(&host, cluster, &example));
        if let Some(vm) = self.project.vms.get_mut(&primary) {
            vm.ft = Some(FtProtection {
                secondary_host: host,
            });
        }
        self.report.note(format!(
            "vInfo row {}: the FT Secondary of `{name}` is recorded on its Primary",
            row.number
        ));
    }

    /// The VM a detail row belongs to: by VM UUID or VM ID when both tabs have them, else by name.
    fn find_vm(
        &mut self,
        tab: &'static str,
        row: &Row,
        keys: [Option<Cow<'_, str>>; 2],
        name: Option<Cow<'_, str>>,
    ) -> Option<VmId> {
        if let Some(primary) = keys
            .iter()
            .flatten()
            .find_map(|key| self.ft_secondary_keys.get(key.as_ref()))
            .cloned()
        {
            self.report.skip(
                tab,
                row.number,
                format!(
                    "the row of the FT Secondary of `{primary}`: the Primary's row describes the VM"
                ),
            );
            return None;
        }
        for key in keys.iter().flatten() {
            if let Some(id) = self.vm_keys.get(key.as_ref()) {
                return Some(*id);
            }
        }
        let Some(name) = name else {
            self.report.skip(tab, row.number, "no VM name");
            return None;
        };
        match self.vm_names.get(name.as_ref()).map(Vec::as_slice) {
            Some([id]) => Some(*id),
            Some([first, ..]) => {
                let first = *first;
                self.report.guess(
                    "vm (row owner)",
                    format!("the first `{name}`"),
                    format!("several VMs are named `{name}` and the row has no VM UUID or VM ID"),
                    || format!("{tab} row {}", row.number),
                );
                Some(first)
            }
            _ => {
                self.report
                    .skip(tab, row.number, format!("VM `{name}` is not in vInfo"));
                None
            }
        }
    }

    /// The rows of a per-VM tab, each with the VM it belongs to (by VM UUID, VM ID, then name) and that VM's name.
    /// A tab without its VM column, and rows that match no VM, are recorded as skipped.
    pub(super) fn vm_rows<C: Column>(
        &mut self,
        tab: &'a Tab,
        vm: C,
        uuid: C,
        id: C,
    ) -> Vec<(&'a Row, VmId, String)> {
        if !self.require(tab, vm, "a row without a VM name cannot be tied to a VM") {
            return Vec::new();
        }
        let mut rows = Vec::with_capacity(tab.rows.len());
        for row in &tab.rows {
            let keys = [text(row, uuid), text(row, id)];
            if let Some(found) = self.find_vm(tab.canonical, row, keys, text(row, vm)) {
                let name = self
                    .project
                    .vms
                    .get(&found)
                    .map(|vm| vm.name.clone())
                    .unwrap_or_default();
                rows.push((row, found, name));
            }
        }
        rows
    }
}
