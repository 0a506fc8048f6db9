//! CPU-EVC-05: enabling, lowering or raising a cluster's EVC mode with VMs running.

use super::{count, host_max_evc, name_list};
use crate::model::Vm;
use crate::rules::unknown::Unknowns;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A cluster whose designed EVC mode differs from the one vCenter has today while VMs run in it.
pub struct CpuEvcModeChangeWithRunningVms;

static META: RuleMeta = RuleMeta {
    id: "CPU-EVC-05",
    name: "evc-mode-change-with-running-vms",
    title: "A cluster's EVC mode changes while VMs run that must be powered off, moved out or power-cycled",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "For every cluster whose designed EVC mode (`evc_mode`) differs from today's (`evc_mode_current`, set only when it differs; `\"disabled\"` when EVC is off today): enabling EVC is flagged when powered-on VMs run on hosts whose highest baseline (reference `cpu_series` → `max_evc`) is above the new mode; lowering the mode is flagged when any VM of the cluster is powered on; raising it is flagged when any VM is powered on, since each needs a full power cycle to see the new features. Changes between vendors are left to CPU-EVC-02/03. A designed mode or a host series the data does not know is left to CPU-EVC-03 (info); today's mode unknown to the data is one info finding per mode (not in reference data).",
    why: "A running VM keeps the CPU feature set it was powered on with. vCenter only enables or lowers an EVC mode once no running VM uses features above the new baseline, so those VMs must be powered off or vMotioned out first; after raising the mode, running VMs keep the old features until they are powered off and on again (a guest reboot is not enough).",
    example: "Cluster `prod` gets `evc_mode: \"intel-penryn\"` with `evc_mode_current: \"disabled\"`; `esx05` (Xeon 5500, highest baseline intel-nehalem) runs 12 VMs.",
    fix: "Schedule an outage for the affected VMs, or create the cluster with EVC enabled while empty and vMotion the VMs in; after raising the mode, power-cycle each VM in a maintenance window.",
    source: "S15 EVC requirements",
};

/// `evc_mode_current` saying EVC is off today.
fn evc_off(key: &str) -> bool {
    key.is_empty()
        || ["disabled", "off", "none"]
            .iter()
            .any(|off| key.eq_ignore_ascii_case(off))
}

/// Running VMs that count: powered on and not templates.
fn running(vm: &Vm) -> bool {
    vm.is_powered_on() && !vm.template
}

impl Rule for CpuEvcModeChangeWithRunningVms {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let mut unknowns = Unknowns::new();
        for (&cluster_id, cluster) in &ctx.project.clusters {
            let Some(target_key) = cluster.evc_mode.as_deref() else {
                continue;
            };
            // No current mode: vCenter has the designed one. "disabled" (or empty): EVC is off today.
            let Some(current_key) = cluster.evc_mode_current.as_deref() else {
                continue;
            };
            let current_key = Some(current_key).filter(|key| !evc_off(key));
            if current_key == Some(target_key) {
                continue;
            }
            let Some(target) = ctx.reference.evc_baseline(target_key) else {
                continue;
            };
            match current_key {
                None => {
                    let mut names: Vec<&str> = Vec::new();
                    for (host_id, host) in ctx.cluster_hosts(cluster_id) {
                        let Some(max) = host_max_evc(ctx, host) else {
                            continue;
                        };
                        if max.vendor != target.vendor || max.rank <= target.rank {
                            continue;
                        }
                        names.extend(
                            ctx.index
                                .vms_on(host_id)
                                .iter()
                                .filter_map(|id| ctx.vm(*id))
                                .filter(|vm| running(vm))
                                .map(|vm| vm.name.as_str()),
                        );
                    }
                    if !names.is_empty() {
                        out.add(
                            &META,
                            cluster_id,
                            format!(
                                "Enabling EVC mode {target_key} on {}: {} ({}) on hosts above that baseline must be powered off or moved out first",
                                cluster.name,
                                count(names.len(), "running VM"),
                                name_list(&names),
                            ),
                        );
                    }
                }
                Some(current_key) => {
                    let Some(current) = ctx.reference.evc_baseline(current_key) else {
                        unknowns.note(format!("EVC mode {current_key}"), cluster_id, &cluster.name);
                        continue;
                    };
                    if current.vendor != target.vendor || current.rank == target.rank {
                        continue;
                    }
                    let names: Vec<&str> = ctx
                        .cluster_rows(cluster_id)
                        .filter(|(_, row)| row.runs())
                        .filter_map(|(_, row)| ctx.vm(row.id))
                        .map(|vm| vm.name.as_str())
                        .collect();
                    if names.is_empty() {
                        continue;
                    }
                    let message = if target.rank < current.rank {
                        format!(
                            "Lowering {} from EVC mode {current_key} to {target_key}: {} ({}) must be powered off or moved out first",
                            cluster.name,
                            count(names.len(), "running VM"),
                            name_list(&names),
                        )
                    } else {
                        format!(
                            "Raising {} from EVC mode {current_key} to {target_key}: {} ({}) see the new features only after a full power cycle",
                            cluster.name,
                            count(names.len(), "running VM"),
                            name_list(&names),
                        )
                    };
                    out.add(&META, cluster_id, message);
                }
            }
        }
        unknowns.report(&META, out, |unknown| {
            format!(
                "{}, so what changing {} from it to the designed mode asks of running VMs is unknown",
                unknown.missing(),
                unknown.names
            )
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClusterId, PowerState, VmId};

    /// The trigger fixture (EVC being enabled on `prod` with app01-app03 running) with EVC already on at
    /// `current`, `prod` designed at `target`, app04 powered off and app05 a template.
    fn run(current: &str, target: &str) -> Vec<(Severity, String)> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("projects/fixtures/rules/CPU-EVC-05/trigger.ron");
        let mut project = crate::io::PlanFile::load(&path).expect("fixture").project;
        if let Some(cluster) = project.clusters.get_mut(&ClusterId(1)) {
            cluster.evc_mode_current = Some(current.to_owned());
            cluster.evc_mode = Some(target.to_owned());
        }
        let template = project.vms.get(&VmId(1)).cloned().unwrap_or_default();
        let off = Vm {
            name: "app04".into(),
            power: PowerState::PoweredOff,
            ..template.clone()
        };
        let kept = Vm {
            name: "app05".into(),
            template: true,
            ..template
        };
        project.vms.insert(VmId(4), off);
        project.vms.insert(VmId(5), kept);
        crate::rules::testing::run(&CpuEvcModeChangeWithRunningVms, &project, None)
    }

    #[test]
    fn a_mode_change_names_the_running_vms_of_the_cluster_only() {
        for (current, target, verb) in [
            ("intel-penryn", "intel-merom", "Lowering"),
            ("intel-merom", "intel-penryn", "Raising"),
        ] {
            let findings = run(current, target);
            assert_eq!(findings.len(), 1, "{current} to {target}: {findings:?}");
            let (_, message) = &findings[0];
            assert!(message.starts_with(verb), "{message}");
            assert!(
                message.contains("3 running VMs (app01, app02, app03)"),
                "{message}"
            );
            assert!(!message.contains("app04") && !message.contains("app05"));
        }
        // Another vendor's mode, or the same rank: nothing asked of the VMs.
        assert!(run("amd-rev-f", "intel-penryn").is_empty());
    }
}
