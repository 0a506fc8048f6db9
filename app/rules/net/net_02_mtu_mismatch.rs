//! NET-02: one MTU end to end on the vMotion and FT logging path (VMkernel port, vSwitch, Virtual Connect network,
//! upstream switches), and no jumbo frames on the VMkernel ports of ESX 3.5 hosts.

use std::collections::{BTreeMap, BTreeSet};

use super::some_names;
use crate::model::{HostId, NetworkId, Release, VmkRole, Vswitch, VswitchId};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An MTU that differs along the vMotion or FT logging path, or jumbo frames on an ESX 3.5 VMkernel port.
pub struct NetMtuMismatch;

/// The standard Ethernet payload: anything above is a jumbo frame.
const STANDARD_MTU: u16 = 1500;

static META: RuleMeta = RuleMeta {
    id: "NET-02",
    name: "mtu-mismatch",
    title: "The MTU differs along the vMotion or FT logging path, or an ESX 3.5 VMkernel port uses jumbo frames",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "For every network carrying a VMkernel port with the `Vmotion` or `FtLogging` role: the recorded MTUs of \
             those ports (`mtu`), of the vSwitches carrying the network on their hosts (`Vswitch.mtu`), of the \
             Virtual Connect network (`Network.mtu`) and of the upstream switches (`Network.upstream_mtu`). A warning \
             per network when they are not all equal; an MTU not recorded is unknown and left out, and a port \
             without a `network` has nothing to compare with. Separately, a warning per host running ESX before 4.0 \
             with a VMkernel port (any role) whose MTU is above 1500: jumbo frames on VMkernel ports arrived with \
             ESX 4.0. In a simulated stage the host's release is the one of that stage.",
    why: "Every hop of the path must carry the frame size the VMkernel port sends: a layer-2 switch drops a frame \
          larger than its MTU without a word, and a router can only fragment it at a large cost. A jumbo vMotion port \
          behind a 1500-byte Virtual Connect network or upstream switch loses its large frames, and vMotion or FT \
          logging stalls or fails. Jumbo frames on VMkernel interfaces (iSCSI, NFS, FT, vMotion) were introduced \
          with ESX and ESXi 4.0.",
    example: "The vMotion ports of `esx01` and `esx02` and their vSwitch use MTU 9000, but the Virtual Connect \
              network `vmotion` and the upstream switches stay at 1500.",
    fix: "Set the same MTU on the VMkernel ports, vSwitches, Virtual Connect network and upstream switches, or use 1500 everywhere; no jumbo frames on VMkernel ports before ESX 4.0.",
    source: "V38 (VMware networking blog, Mar 2010: jumbo frames on VMkernel interfaces since ESX/ESXi 4.0; every hop end to end must carry the frame size)",
};

/// The MTUs recorded along one network's path, with who has them.
#[derive(Default)]
struct Path {
    /// Which roles its VMkernel ports carry, for the message.
    vmotion: bool,
    ft_logging: bool,
    ports: BTreeMap<u16, BTreeSet<HostId>>,
    vswitches: BTreeMap<u16, BTreeSet<VswitchId>>,
}

impl Rule for NetMtuMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let mut paths: BTreeMap<NetworkId, Path> = BTreeMap::new();
        // The virtual switches with a recorded MTU on each host, gathered once: asking every switch for every
        // VMkernel port grew with hosts times switches.
        let mut host_vswitches: BTreeMap<HostId, Vec<(VswitchId, &Vswitch, u16)>> = BTreeMap::new();
        for (&vswitch_id, vswitch) in &ctx.project.vswitches {
            let Some(mtu) = vswitch.mtu else {
                continue;
            };
            for &host in &vswitch.hosts {
                host_vswitches
                    .entry(host)
                    .or_default()
                    .push((vswitch_id, vswitch, mtu));
            }
        }
        for (&host_id, host) in &ctx.project.hosts {
            for vmk in &host.vmkernel_ports {
                let vmotion = vmk.roles.contains(&VmkRole::Vmotion);
                let ft_logging = vmk.roles.contains(&VmkRole::FtLogging);
                let Some(network) = vmk.network.filter(|_| vmotion || ft_logging) else {
                    continue;
                };
                let path = paths.entry(network).or_default();
                path.vmotion |= vmotion;
                path.ft_logging |= ft_logging;
                if let Some(mtu) = vmk.mtu {
                    path.ports.entry(mtu).or_default().insert(host_id);
                }
                for &(vswitch_id, vswitch, mtu) in
                    host_vswitches.get(&host_id).into_iter().flatten()
                {
                    if vswitch.networks.contains(&network) {
                        path.vswitches.entry(mtu).or_default().insert(vswitch_id);
                    }
                }
            }
        }
        for (network_id, path) in paths {
            let Some(network) = ctx.project.networks.get(&network_id) else {
                continue;
            };
            // Who has each MTU, in words, in path order.
            let mut holders: BTreeMap<u16, Vec<String>> = BTreeMap::new();
            for (&mtu, hosts) in &path.ports {
                let names: Vec<String> = hosts.iter().map(|&h| ctx.project.host_name(h)).collect();
                holders
                    .entry(mtu)
                    .or_default()
                    .push(format!("the VMkernel ports ({})", some_names(&names)));
            }
            for (&mtu, vswitches) in &path.vswitches {
                let names: Vec<String> = vswitches
                    .iter()
                    .filter_map(|id| ctx.project.vswitches.get(id))
                    .map(|vswitch| vswitch.name.clone())
                    .collect();
                let text = match names.as_slice() {
                    [one] => one.clone(),
                    _ => format!("the virtual switches ({})", some_names(&names)),
                };
                holders.entry(mtu).or_default().push(text);
            }
            if let Some(mtu) = network.mtu {
                holders
                    .entry(mtu)
                    .or_default()
                    .push("the Virtual Connect network".to_owned());
            }
            if let Some(mtu) = network.upstream_mtu {
                holders
                    .entry(mtu)
                    .or_default()
                    .push("the upstream switches".to_owned());
            }
            if holders.len() < 2 {
                continue;
            }
            let traffic = match (path.vmotion, path.ft_logging) {
                (true, true) => "vMotion and FT logging",
                (false, true) => "FT logging",
                _ => "vMotion",
            };
            let parts: Vec<String> = holders
                .iter()
                .rev()
                .map(|(mtu, who)| format!("MTU {mtu} on {}", crate::wording::join_and(who)))
                .collect();
            out.add(
                &META,
                network_id,
                format!(
                    "{traffic} network {} (VLAN {}) has {}; a hop with a smaller MTU drops the larger frames",
                    network.name,
                    network.vlan,
                    parts.join(", but ")
                ),
            );
        }
        let vsphere4 = Release::new(4, 0);
        for (&host_id, host) in &ctx.project.hosts {
            if host.release() >= vsphere4 {
                continue;
            }
            let jumbo: Vec<String> = host
                .vmkernel_ports
                .iter()
                .enumerate()
                .filter_map(|(position, vmk)| {
                    let mtu = vmk.mtu.filter(|&mtu| mtu > STANDARD_MTU)?;
                    let name = if vmk.name.is_empty() {
                        format!("vmk{position}")
                    } else {
                        vmk.name.clone()
                    };
                    Some(format!("{name} (MTU {mtu})"))
                })
                .collect();
            if jumbo.is_empty() {
                continue;
            }
            out.add(
                &META,
                host_id,
                format!(
                    "{} runs ESX {} with jumbo frames on VMkernel port {}; jumbo frames on VMkernel ports arrived with ESX 4.0",
                    ctx.host_label(host_id),
                    host.release(),
                    crate::wording::join_and(&jumbo)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EsxInstall, Host, Index, Network, Project, VmkPort, Vswitch};
    use crate::refdata::ReferenceData;

    fn project(
        release: &str,
        vmk_mtu: Option<u16>,
        vswitch_mtu: Option<u16>,
        network: Network,
    ) -> Project {
        let mut project = Project::default();
        for id in [1, 2] {
            project.hosts.insert(
                HostId(id),
                Host {
                    name: format!("esx0{id}"),
                    esx: EsxInstall {
                        release: release.parse().unwrap(),
                        ..EsxInstall::default()
                    },
                    vmkernel_ports: vec![VmkPort {
                        name: "vmk1".into(),
                        roles: vec![VmkRole::Vmotion],
                        network: Some(NetworkId(1)),
                        mtu: vmk_mtu,
                        uplink_mbps: 1000,
                        ..VmkPort::default()
                    }],
                    ..Host::default()
                },
            );
        }
        project.networks.insert(NetworkId(1), network);
        project.vswitches.insert(
            VswitchId(1),
            Vswitch {
                name: "vSwitch1".into(),
                hosts: vec![HostId(1), HostId(2)],
                networks: vec![NetworkId(1)],
                mtu: vswitch_mtu,
                ..Vswitch::default()
            },
        );
        project
    }

    fn network(mtu: Option<u16>, upstream_mtu: Option<u16>) -> Network {
        Network {
            name: "vmotion".into(),
            vlan: 30,
            mtu,
            upstream_mtu,
            ..Network::default()
        }
    }

    fn run(project: &Project) -> Vec<String> {
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(project);
        let ctx = Context::new(project, &reference, &index);
        let mut out = Findings::default();
        NetMtuMismatch.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn a_smaller_hop_fires_once_per_network() {
        let messages = run(&project(
            "4.0 U1",
            Some(9000),
            Some(9000),
            network(Some(1500), Some(1500)),
        ));
        assert_eq!(
            messages,
            [
                "vMotion network vmotion (VLAN 30) has MTU 9000 on the VMkernel ports (esx01, esx02) and vSwitch1, but MTU 1500 on the Virtual Connect network and the upstream switches; a hop with a smaller MTU drops the larger frames"
            ]
        );
    }

    #[test]
    fn unknown_mtus_are_left_out() {
        assert!(
            run(&project(
                "4.0 U1",
                Some(9000),
                None,
                network(None, Some(9000))
            ))
            .is_empty()
        );
        assert!(run(&project("4.0 U1", None, None, network(None, None))).is_empty());
    }

    #[test]
    fn jumbo_frames_on_an_esx_3_5_vmkernel_port_fire_per_host() {
        let messages = run(&project(
            "3.5 U4",
            Some(9000),
            Some(9000),
            network(Some(9000), Some(9000)),
        ));
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].starts_with(
                "esx01 runs ESX 3.5 U4 with jumbo frames on VMkernel port vmk1 (MTU 9000)"
            ),
            "{}",
            messages[0]
        );
        assert!(run(&project("3.5 U4", Some(1500), None, network(None, None))).is_empty());
    }
}
