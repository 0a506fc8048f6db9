//! The plan file: `format_version`, the project, and the plan's rule configuration (overrides with reasons).

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{LoadError, pretty_config, ron_options};
use crate::model::{ObjectRef, Project, check_integrity};

/// The plan file format this build writes and reads.
pub const FORMAT_VERSION: u32 = 3;

/// A severity a plan sets for a rule, or `Off` to silence it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SeverityOverride {
    Error,
    Warning,
    Info,
    Off,
}

/// A plan-wide change of a rule's severity, with the reason kept for reviewers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleOverride {
    pub rule: String,
    pub severity: SeverityOverride,
    pub reason: String,
}

/// A rule silenced for one object, with the reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suppression {
    pub rule: String,
    pub object: ObjectRef,
    pub reason: String,
}

/// How a plan tunes the rule catalogue.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RuleConfig {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<RuleOverride>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suppressions: Vec<Suppression>,
}

impl RuleConfig {
    /// Nothing is overridden or suppressed.
    pub fn is_empty(&self) -> bool {
        self.overrides.is_empty() && self.suppressions.is_empty()
    }
}

/// Everything a `.ron` plan file holds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    pub format_version: u32,
    pub project: Project,
    #[serde(default, skip_serializing_if = "RuleConfig::is_empty")]
    pub rules: RuleConfig,
    /// The comments the file had when it was read, written back before the same entries on every save.
    #[serde(skip)]
    pub comments: Vec<super::comments::CommentBlock>,
}

impl PlanFile {
    /// A new plan file around a project.
    pub fn new(project: Project) -> Self {
        Self {
            format_version: FORMAT_VERSION,
            project,
            rules: RuleConfig::default(),
            comments: Vec::new(),
        }
    }

    /// Reads a plan file from disk.
    pub fn load(path: &Path) -> Result<Self, LoadError> {
        let bytes = std::fs::read(path).map_err(|err| LoadError::io(path, &err))?;
        let text = String::from_utf8(bytes).map_err(|err| {
            let valid = err.utf8_error().valid_up_to();
            let (line, column) = line_column(&String::from_utf8_lossy(&err.as_bytes()[..valid]));
            LoadError::at(path, line, column, "the file is not UTF-8 text")
        })?;
        Self::parse(&text, path)
    }

    /// Parses plan text; `path` only names the source in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self, LoadError> {
        // A byte-order mark (some Windows editors write one) is not part of the plan.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // Most files are as dcplan wrote them: one pass reads them, checks map keys and looks for comments.
        if let Some(read) = super::fast_read::read::<Self>(text) {
            return Self::finish(read.value, text, path, read.user_comments);
        }
        // A map key written twice would silently keep the second object only.
        if let Some(duplicate) = super::duplicate_keys::find_duplicate_key(text) {
            let (line, column) = duplicate.second;
            return Err(LoadError::at(
                path,
                line,
                column,
                format!(
                    "duplicate key `{}`: already used at {}:{} in the same map; give one of the two objects a free ID (a merge of two branches that each added one does this)",
                    duplicate.key, duplicate.first.0, duplicate.first.1
                ),
            ));
        }
        let plan: Self = match ron_options().from_str(text) {
            Ok(plan) => plan,
            // A newer file fails on fields this build does not know: say why rather than which field.
            Err(err) => match declared_version(text) {
                Some(version) if version > FORMAT_VERSION => {
                    return Err(newer_version(text, path, version));
                }
                _ => return Err(LoadError::from_ron(path, text, &err)),
            },
        };
        Self::finish(plan, text, path, true)
    }

    /// Checks a plan read from `text`: its version, its integrity and its rule configuration; collects the text's
    /// comments when it may have some besides the header.
    fn finish(plan: Self, text: &str, path: &Path, comments: bool) -> Result<Self, LoadError> {
        match plan.format_version {
            0 => {
                let (line, column) = locate_field(text, "format_version");
                return Err(LoadError::at(
                    path,
                    line,
                    column,
                    "format_version 0 does not exist; use 1",
                ));
            }
            version if version > FORMAT_VERSION => return Err(newer_version(text, path, version)),
            _ => {}
        }
        let mut plan = plan;
        migrate(&mut plan);
        if comments {
            plan.comments = super::comments::collect(text);
        }
        if let Some(error) = check_integrity(&plan.project).into_iter().next() {
            let (line, column) = if error.object == ObjectRef::Plan {
                locate_field(text, "upgrade")
            } else {
                locate_object(text, error.object)
            };
            return Err(LoadError::at(path, line, column, error.to_string()));
        }
        if let Some((index, message)) = crate::rules::validate_config(&plan.rules) {
            let (line, column) = locate_nth(text, "rule:", index);
            return Err(LoadError::at(path, line, column, message));
        }
        Ok(plan)
    }

    /// The plan as RON text, in the stable order every save uses.
    pub fn to_ron(&self) -> Result<String, ron::Error> {
        let body = ron::ser::to_string_pretty(self, pretty_config())?;
        let text = format!("{}\n{body}\n", super::comments::HEADER);
        Ok(super::comments::restore(&text, &self.comments))
    }

    /// Writes the plan atomically through [`super::write::write_atomic`].
    pub fn save(&self, path: &Path) -> Result<(), SaveError> {
        let text = self.to_ron().map_err(|source| SaveError::Serialise {
            path: path.to_path_buf(),
            source,
        })?;
        super::write::write_atomic(path, text.as_bytes())?;
        Ok(())
    }
}

/// Why a plan could not be saved; the file on disk is then what it was before.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("cannot save {}: the plan cannot be written as RON: {source}", path.display())]
    Serialise {
        path: std::path::PathBuf,
        source: ron::Error,
    },
    #[error("cannot save: {0}")]
    Write(#[from] super::write::WriteError),
    #[error("cannot create the folder {}: {source}", path.display())]
    Folder {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
}

/// Brings a plan read from an older format up to [`FORMAT_VERSION`].
///
/// - 1 to 2: server profiles of VC domains, interconnect bays of HBA ports, fabric zoning and EVA host entries
///   were added for the connectivity graph. A version 1 plan records none of them, which the graph reads as
///   unknown (every path allowed), so nothing needs converting: the plan is saved as version 2 from then on.
/// - 2 to 3: the virtual hardware version became optional, and management moved from VMkernel ports to
///   management interfaces. A hardware version of 0 meant "unknown" and becomes `None`. A VMkernel port with
///   the `Management` role becomes a management interface of the kind its host's product manages through: a
///   service console port (vswif) on ESX, a VMkernel port on ESXi. Its NIC team is every interconnect bay whose
///   port carries the management network (else the port's active uplink). The port keeps its other roles and
///   is removed when it had none.
fn migrate(plan: &mut PlanFile) {
    if plan.format_version < 2 {
        plan.format_version = 2;
    }
    if plan.format_version < 3 {
        for vm in plan.project.vms.values_mut() {
            if vm.hw_version == Some(0) {
                vm.hw_version = None;
            }
        }
        for host in plan.project.hosts.values_mut() {
            move_management_vmks(host);
        }
        plan.format_version = 3;
    }
}

/// Turns `Management` VMkernel ports of a version 2 plan into management interfaces.
fn move_management_vmks(host: &mut crate::model::Host) {
    use crate::model::{EsxProduct, ManagementInterface, ManagementKind, VmkRole};
    let kind = match host.esx.product {
        EsxProduct::Esx => ManagementKind::ServiceConsole,
        EsxProduct::Esxi => ManagementKind::Vmkernel,
    };
    let mut index = host.management_interfaces.len();
    // The NIC team: every interconnect bay whose port carries the management network, else the active uplink.
    let team = |network: Option<crate::model::NetworkId>| -> Vec<String> {
        let Some(network) = network else {
            return Vec::new();
        };
        let mut bays: Vec<u8> = host
            .nic_ports
            .iter()
            .filter(|port| port.flexnics.iter().any(|f| f.networks.contains(&network)))
            .filter_map(|port| port.interconnect_bay)
            .collect();
        bays.sort_unstable();
        bays.dedup();
        bays.into_iter().map(|bay| format!("bay{bay}")).collect()
    };
    let teams: Vec<Vec<String>> = host
        .vmkernel_ports
        .iter()
        .map(|vmk| team(vmk.network))
        .collect();
    for (vmk, team) in host.vmkernel_ports.iter_mut().zip(teams) {
        if !vmk.roles.contains(&VmkRole::Management) {
            continue;
        }
        vmk.roles.retain(|role| *role != VmkRole::Management);
        let name = match kind {
            ManagementKind::ServiceConsole => format!("vswif{index}"),
            ManagementKind::Vmkernel => vmk.name.clone(),
        };
        index += 1;
        host.management_interfaces.push(ManagementInterface {
            kind,
            name,
            ip: vmk.ip.clone(),
            subnet: vmk.subnet.clone(),
            vlan: vmk.vlan,
            network: vmk.network,
            uplink_mbps: (vmk.uplink_mbps > 0).then_some(vmk.uplink_mbps),
            uplinks: if team.is_empty() {
                vmk.active_uplink.iter().cloned().collect()
            } else {
                team
            },
            ..ManagementInterface::default()
        });
    }
    host.vmkernel_ports.retain(|vmk| !vmk.roles.is_empty());
}

/// A file written by a newer dcplan, said at its `format_version`.
fn newer_version(text: &str, path: &Path, version: u32) -> LoadError {
    let (line, column) = locate_field(text, "format_version");
    LoadError::at(
        path,
        line,
        column,
        format!(
            "format_version {version} was written by a newer dcplan; this build reads up to {FORMAT_VERSION}"
        ),
    )
}

/// The `format_version` a file declares, read without parsing the whole file.
fn declared_version(text: &str) -> Option<u32> {
    let at = text.find("format_version")?;
    let rest = text
        .get(at + "format_version".len()..)?
        .trim_start()
        .strip_prefix(':')?
        .trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// 1-based line and column of the end of `prefix`.
fn line_column(prefix: &str) -> (usize, usize) {
    let line = prefix.matches('\n').count() + 1;
    let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Where a top-level field is written (or 1:1).
fn locate_field(text: &str, field: &str) -> (usize, usize) {
    locate_nth(text, &format!("{field}:"), 0)
}

/// Where the `index`-th occurrence of `needle` starts (or 1:1).
fn locate_nth(text: &str, needle: &str, index: usize) -> (usize, usize) {
    text.match_indices(needle)
        .nth(index)
        .and_then(|(at, _)| text.get(..at))
        .map_or((1, 1), line_column)
}

/// Where an object's entry starts: its collection's map, then the `id: (` key line.
pub fn locate_object(text: &str, object: ObjectRef) -> (usize, usize) {
    let Some(collection) = object.collection() else {
        return (1, 1);
    };
    let Some(section) = text
        .match_indices(&format!("{collection}:"))
        .map(|(at, _)| at)
        .find(|&at| {
            text.get(..at).is_some_and(|before| {
                before.ends_with(char::is_whitespace) || before.ends_with('(')
            })
        })
    else {
        return (1, 1);
    };
    let key = format!("{}:", object.raw_id());
    let mut offset = section;
    for line in text
        .get(section..)
        .unwrap_or_default()
        .split_inclusive('\n')
    {
        let trimmed = line.trim_start();
        if trimmed.starts_with(&key) {
            let indent = line.len() - trimmed.len();
            return text.get(..offset + indent).map_or((1, 1), line_column);
        }
        offset += line.len();
    }
    text.get(..section).map_or((1, 1), line_column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_and_columns_from_one() {
        assert_eq!(line_column(""), (1, 1));
        assert_eq!(line_column("ab\ncd"), (2, 3));
    }
}
