//! VC-07: FlexNIC partitioning needs a Flex-10 NIC behind a VC Flex-10 module.

use super::module_label;
use crate::model::{ModuleKind, NicKind};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A NIC port partitioned into FlexNICs where the NIC or the interconnect module is not Flex-10.
pub struct FlexnicWithoutFlex10;

static META: RuleMeta = RuleMeta {
    id: "VC-07",
    name: "flexnics-without-flex10",
    title: "A NIC port is partitioned into FlexNICs without a Flex-10 NIC and a VC Flex-10 module",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every NIC port with two or more `flexnics` is of kind `Flex10`, belongs to a blade, and its `interconnect_bay` holds a `VcFlex10` module in the blade's enclosure.",
    why: "Only a Flex-10 NIC (NC532i LOM, NC532m mezzanine) facing a VC Flex-10 module is split into FlexNICs; Virtual Connect sets FlexNIC speeds only behind its Flex-10 modules. Behind a 1/10Gb VC Ethernet, pass-through or switch module, or on a plain 1 Gb/10 Gb NIC, ESX sees a single NIC per port and the planned vmnics do not exist.",
    example: "`esx03` LOM1 has four FlexNICs but interconnect bay 1 of `enc1` holds a 1/10Gb VC Ethernet module.",
    fix: "Match NIC and module types: Flex-10 NIC with VC Flex-10 modules, or plan one NIC per port.",
    source: "M; Denneman, Apr 2009; VC 4.x user guide p.99",
};

impl Rule for FlexnicWithoutFlex10 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for port in ctx.index.flexnics.ports() {
            let Some(first) = port.first() else {
                continue;
            };
            let count = port.len();
            if count < 2 {
                continue;
            }
            let problem = if first.kind == NicKind::Flex10 {
                // The index holds the enclosure of every blade: a host without one is a rack server.
                match ctx.index.host_enclosure.get(&first.host) {
                    None => Some(
                        "the host is a rack server, not a blade behind a VC Flex-10 module"
                            .to_owned(),
                    ),
                    Some(enclosure) => {
                        let enclosure = ctx.project.enclosures.get(enclosure);
                        match (enclosure, first.interconnect_bay) {
                            (Some(enclosure), Some(bay)) => match enclosure.interconnects.get(&bay)
                            {
                                Some(module) if module.kind == ModuleKind::VcFlex10 => None,
                                Some(module) => Some(format!(
                                    "interconnect bay {bay} of {} holds a {} module",
                                    enclosure.name,
                                    module_label(module.kind)
                                )),
                                None => Some(format!(
                                    "interconnect bay {bay} of {} is empty",
                                    enclosure.name
                                )),
                            },
                            _ => None,
                        }
                    }
                }
            } else {
                let kind = match first.kind {
                    NicKind::TenGbe => "a 10 Gb NIC",
                    _ => "a 1 Gb NIC",
                };
                Some(format!("it is {kind}, not a Flex-10 NIC"))
            };
            if let Some(problem) = problem
                && let Some((nic_port, _)) = first.in_project(ctx.project)
            {
                out.add(
                    &META,
                    first.host,
                    format!(
                        "{} {} is split into {count} FlexNICs but {problem}; ESX will see one NIC on this port",
                        ctx.host_label(first.host),
                        nic_port.name
                    ),
                );
            }
        }
    }
}
