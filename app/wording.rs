//! Wording shared by the texts dcplan writes (charts, summaries, the designer): counts with the right noun form.

/// "1 step", "3 steps".
pub fn count(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("{count} {one}")
    } else {
        format!("{count} {many}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_takes_the_singular() {
        assert_eq!(super::count(1, "step", "steps"), "1 step");
        assert_eq!(super::count(0, "step", "steps"), "0 steps");
        assert_eq!(super::count(2, "VM", "VMs"), "2 VMs");
    }
}
