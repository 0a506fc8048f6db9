//! MIX: mixed ESX 3.5 / ESX 4 clusters during the rolling upgrade (catalogue section 4c).

use crate::model::ClusterId;
use crate::rules::Context;
use crate::rules::upg::VSPHERE4;

pub(super) mod mix_01_hw7_capacity_on_esx4_hosts;
pub(super) mod mix_02_ft_pair_across_releases;
pub(super) mod mix_04_features_block_remediation;
pub(super) mod mix_05_vswitch_kind_breaks_vmotion;

/// A cluster's hosts below ESX 4 and on ESX 4 or later, by name; both non-empty in a mixed cluster.
pub(super) struct Mix<'a> {
    pub esx3: Vec<&'a str>,
    pub esx4: Vec<&'a str>,
}

impl Mix<'_> {
    /// The cluster holds ESX 3.x and ESX 4 hosts at once.
    pub fn is_mixed(&self) -> bool {
        !self.esx3.is_empty() && !self.esx4.is_empty()
    }
}

/// Splits a cluster's hosts by release.
pub(super) fn mix<'a>(ctx: &Context<'a>, cluster: ClusterId) -> Mix<'a> {
    let mut split = Mix {
        esx3: Vec::new(),
        esx4: Vec::new(),
    };
    for (_, host) in ctx.cluster_hosts(cluster) {
        if host.release() >= VSPHERE4 {
            split.esx4.push(host.name.as_str());
        } else {
            split.esx3.push(host.name.as_str());
        }
    }
    split
}
