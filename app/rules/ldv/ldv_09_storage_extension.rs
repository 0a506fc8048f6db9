//! LDV-09: how the SAN reaches across a long-distance vMotion link.

use super::ldv_links;
use crate::model::StorageExtension;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A long-distance vMotion link without a SAN extension, or with FCIP lacking write acceleration.
pub struct LdvStorageExtension;

static META: RuleMeta = RuleMeta {
    id: "LDV-09",
    name: "ldvm-storage-extension",
    title: "A long-distance vMotion link has no SAN extension, or FCIP without write acceleration",
    severity: Severity::Info,
    reach: Reach::Cluster,
    checks: "Every site link with `long_distance_vmotion: true` declares a `storage_extension`: dark fibre FC, DWDM, or FCIP with write acceleration pass; `None` and plain `Fcip` are reported.",
    why: "Every storage mode of long-distance vMotion needs the SAN to reach across the link: remote access reads and writes the origin's LUNs from the far site, Storage vMotion first needs the host to see both sites' datastores, active/active storage replicates synchronously. The 2009 design extended FC over dark fibre or DWDM, or over FCIP with Cisco MDS I/O Accelerator to absorb the round trips of synchronous writes.",
    example: "Link `dc1-dc2` has `storage_extension: Fcip` and no write acceleration.",
    fix: "Extend the SAN over dark fibre/DWDM FC or FCIP; size FCIP for synchronous write latency and use write acceleration (Cisco MDS I/O Accelerator).",
    source: "M (S19 paper)",
};

impl Rule for LdvStorageExtension {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (link_id, link) in ldv_links(ctx) {
            let message = match link.storage_extension {
                StorageExtension::None => format!(
                    "{} declares no SAN extension; remote access, Storage vMotion first and active/active storage all need the SAN to reach across it",
                    link.name
                ),
                StorageExtension::Fcip => format!(
                    "{} extends the SAN over FCIP without write acceleration; every synchronous write pays the link's round trip",
                    link.name
                ),
                StorageExtension::DarkFibreFc
                | StorageExtension::Dwdm
                | StorageExtension::FcipWithWriteAcceleration => continue,
            };
            out.add(&META, link_id, message);
        }
    }
}
