//! VC-02: each kind of traffic and each network on FlexNICs should have a partner on the other Flex-10 LOM.

use std::collections::BTreeMap;

use super::{join_and, traffic_label};
use crate::model::{NetworkId, NicKind, Traffic};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A blade whose FlexNIC traffic or networks reach one Flex-10 port only, with no LOM1-x / LOM2-x partner.
pub struct FlexnicsNotPaired;

static META: RuleMeta = RuleMeta {
    id: "VC-02",
    name: "flexnics-not-paired",
    title: "FlexNIC traffic or networks reach one Flex-10 port only",
    severity: Severity::Info,
    reach: Reach::Cluster,
    checks: "Per host with FlexNICs on Flex-10 ports: every `traffic` kind and every network of its FlexNICs appears on at least two different ports (LOM1-x with LOM2-x). Reports the number of FlexNICs ESX sees as vmnics.",
    why: "Two onboard Flex-10 LOMs give up to 8 FlexNICs, which ESX sees as 8 vmnics. LOM1 reaches interconnect bay 1 and LOM2 bay 2, so a vSwitch whose uplinks are FlexNICs of one LOM only loses that traffic when one VC module or its uplinks fail.",
    example: "`esx03` has vMotion on LOM1-b only; LOM2-b carries VM traffic instead.",
    fix: "Map vSwitch uplinks in pairs LOM1-x / LOM2-x (same letter, same role) for redundancy.",
    source: "S40",
};

/// Something a FlexNIC carries.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Carried {
    Traffic(Traffic),
    Network(NetworkId),
}

impl Rule for FlexnicsNotPaired {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let table = &ctx.index.flexnics;
        // What each item reaches: the index of the first port, and whether a second port carries it too.
        let mut reach: Vec<(Carried, usize, bool)> = Vec::new();
        for (id, rows) in table.hosts() {
            reach.clear();
            let mut flexnics = 0usize;
            for row in rows.iter().filter(|row| row.kind == NicKind::Flex10) {
                flexnics += 1;
                let index = usize::from(row.port);
                let items = row.traffic().map(Carried::Traffic).chain(
                    table
                        .networks(row)
                        .iter()
                        .map(|&(network, _)| Carried::Network(network)),
                );
                for item in items {
                    match reach.iter_mut().find(|(seen, _, _)| *seen == item) {
                        Some(entry) => entry.2 |= entry.1 != index,
                        None => reach.push((item, index, false)),
                    }
                }
            }
            if reach.iter().all(|(_, _, paired)| *paired) {
                continue;
            }
            let Some(host) = ctx.host(id) else {
                continue;
            };
            reach.sort_unstable();
            let mut alone: BTreeMap<usize, Vec<String>> = BTreeMap::new();
            for (item, index, paired) in &reach {
                if *paired {
                    continue;
                }
                let label = match item {
                    Carried::Traffic(traffic) => traffic_label(*traffic).to_owned(),
                    Carried::Network(network) => format!(
                        "network {}",
                        ctx.project
                            .networks
                            .get(network)
                            .map_or_else(|| network.to_string(), |n| n.name.clone())
                    ),
                };
                alone.entry(*index).or_default().push(label);
            }
            if alone.is_empty() {
                continue;
            }
            let parts: Vec<String> = alone
                .iter()
                .filter_map(|(index, labels)| {
                    let port = host.nic_ports.get(*index)?;
                    let bay = port
                        .interconnect_bay
                        .map(|bay| format!(" (bay {bay})"))
                        .unwrap_or_default();
                    Some(format!("{} on {}{bay} only", join_and(labels), port.name))
                })
                .collect();
            out.add(
                &META,
                id,
                format!(
                    "{} shows {flexnics} FlexNICs as vmnics; without a partner on another Flex-10 port: {}",
                    ctx.host_label(id),
                    parts.join(", ")
                ),
            );
        }
    }
}
