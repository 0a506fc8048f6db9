//! FT-VM-05: the guest OS and the host CPU must be a supported FT combination (KB 1008027).

use crate::refdata::FtGuestSupport;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT VM whose guest OS is not supported with FT on its Primary host's CPU or ESX release.
pub struct FtVmUnsupportedGuestCpu;

static META: RuleMeta = RuleMeta {
    id: "FT-VM-05",
    name: "ft-vm-unsupported-guest-cpu",
    title: "The guest OS of a VM with Fault Tolerance is not supported on its host's CPU or ESX release",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Each FT VM's `guest_os` against the reference table `ft_guest_support` (KB 1008027), using the Primary host's FT processor group (`cpu.series`), CPU `codename` and `esx.release`: an entry that matches and says `supported: false` is an error, and so is a matching entry whose `min_release` is later than the host's release. An entry for an FT group does not apply to a host whose series the data does not know (FT-HO-01 names the series at info, not in reference data).",
    why: "Record/replay depends on the guest OS as well as the CPU: KB 1008027 lists which guests FT supports on which processors, e.g. Windows 7 needs ESX 4.0 U1, Windows Server 2003 32-bit needs SP2 on AMD Barcelona and Windows 2000 is never supported on Barcelona.",
    example: "`app01` runs `guest_os: \"Microsoft Windows 7 (64-bit)\"` with FT on a host with `esx: (release: \"4.0\")`.",
    fix: "Change the guest OS (or its service pack), move the pair to supported CPUs or an ESX release that supports the guest, or protect the VM with HA alone.",
    source: "S06 KB 1008027",
};

/// The lower-case words (letters and digits) of a text.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// Every word of `pattern` appears among `words`, in order.
fn has_words(words: &[String], pattern: &[String]) -> bool {
    let mut rest = words.iter();
    pattern
        .iter()
        .all(|wanted| rest.by_ref().any(|word| word == wanted))
}

impl Rule for FtVmUnsupportedGuestCpu {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let table = &ctx.reference.ft_guest_support;
        if table.is_empty() {
            return;
        }
        let patterns: Vec<(&FtGuestSupport, Vec<String>, Vec<String>)> = table
            .iter()
            .map(|entry| {
                (
                    entry,
                    words(&entry.guest),
                    entry.unless.as_deref().map(words).unwrap_or_default(),
                )
            })
            .collect();
        for (id, vm) in ctx.ft_vms() {
            if vm.guest_os.is_empty() {
                continue;
            }
            let Some(host_id) = vm.host else {
                continue;
            };
            let Some(host) = ctx.host(host_id) else {
                continue;
            };
            let guest = words(&vm.guest_os);
            let group = ctx.ft_group(host).map(|group| group.id.as_str());
            let release = host.esx.release;
            for (entry, pattern, unless) in &patterns {
                if pattern.is_empty() || !has_words(&guest, pattern) {
                    continue;
                }
                if !unless.is_empty() && has_words(&guest, unless) {
                    continue;
                }
                if entry
                    .ft_group
                    .as_deref()
                    .is_some_and(|wanted| group != Some(wanted))
                {
                    continue;
                }
                if entry
                    .codename
                    .as_deref()
                    .is_some_and(|wanted| !host.cpu.codename.eq_ignore_ascii_case(wanted))
                {
                    continue;
                }
                let too_old = entry.min_release.is_some_and(|min| release < min);
                if entry.supported && !too_old {
                    continue;
                }
                let cpu = if host.cpu.codename.is_empty() {
                    host.cpu.series.clone()
                } else {
                    format!("{} {}", host.cpu.series, host.cpu.codename)
                };
                let reason = if entry.note.is_empty() {
                    if too_old {
                        format!(
                            "FT supports this guest from ESX {} on",
                            entry.min_release.unwrap_or(release)
                        )
                    } else {
                        "FT does not support this guest on this CPU".to_owned()
                    }
                } else {
                    entry.note.clone()
                };
                out.add(
                    &META,
                    id,
                    format!(
                        "{} runs {} with its Primary on {} ({cpu}, ESX {release}); {reason}",
                        vm.name,
                        vm.guest_os,
                        ctx.host_label(host_id)
                    ),
                );
            }
        }
    }
}
