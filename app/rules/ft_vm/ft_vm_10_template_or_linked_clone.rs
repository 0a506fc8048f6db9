//! FT-VM-10: templates and linked clones cannot be protected by FT.

use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT VM that is a template or a linked clone.
pub struct FtVmTemplateOrLinkedClone;

static META: RuleMeta = RuleMeta {
    id: "FT-VM-10",
    name: "ft-vm-template-or-linked-clone",
    title: "A VM with Fault Tolerance is a template or a linked clone",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "No FT VM has `template: true` or `linked_clone: true`.",
    why: "FT cannot be turned on for templates, and a linked clone shares a read-only parent disk that the Secondary cannot own the way record/replay needs.",
    example: "`web-lc07` has `linked_clone: true` and `ft: (secondary_host: 2)`.",
    fix: "Make a full clone of the VM (or deploy from the template) and protect the full clone.",
    source: "S02, S10",
};

impl Rule for FtVmTemplateOrLinkedClone {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (id, vm) in ctx.ft_vms() {
            let what = match (vm.template, vm.linked_clone) {
                (false, false) => continue,
                (true, false) => "a template",
                (false, true) => "a linked clone",
                (true, true) => "a template and a linked clone",
            };
            out.add(
                &META,
                id,
                format!("{} is {what}; FT protects full-clone VMs only", vm.name),
            );
        }
    }
}
