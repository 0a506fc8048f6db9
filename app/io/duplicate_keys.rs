//! Duplicate keys in the maps of a plan's RON text. Serde keeps the last of two equal keys, which would drop the
//! first object without a word (two branches that each add "host 11", merged in git) and the next save would
//! delete it for good; the map types cannot tell, so the text is scanned.

use std::collections::BTreeMap;

/// Two entries of one map with the same key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateKey {
    pub key: String,
    /// Line and column (1-based) of the first entry's key.
    pub first: (usize, usize),
    /// Line and column (1-based) of the entry that repeats it.
    pub second: (usize, usize),
}

/// One open bracket; for a map, the keys seen so far and the key being read.
struct Frame {
    map: bool,
    expect_key: bool,
    key_start: Option<(usize, usize, usize)>,
    keys: BTreeMap<String, (usize, usize)>,
}

impl Frame {
    fn new(map: bool) -> Self {
        Self {
            map,
            expect_key: map,
            key_start: None,
            keys: BTreeMap::new(),
        }
    }
}

/// The first repeated key of any map (`{ key: value, ... }`) in RON text, at any depth. Strings, raw strings,
/// character literals and comments are skipped; the text need not be valid RON.
pub fn find_duplicate_key(text: &str) -> Option<DuplicateKey> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut chars = text.char_indices().peekable();
    let (mut line, mut column) = (1usize, 0usize);
    // Advances one character, keeping line and column.
    let step = |c: char, line: &mut usize, column: &mut usize| {
        if c == '\n' {
            *line += 1;
            *column = 0;
        } else {
            *column += 1;
        }
    };
    while let Some((offset, c)) = chars.next() {
        step(c, &mut line, &mut column);
        // A token starting here begins the key of a map entry.
        if !c.is_whitespace()
            && let Some(frame) = stack.last_mut()
            && frame.map
            && frame.expect_key
            && !matches!(c, '}' | ',' | '/')
        {
            frame.expect_key = false;
            frame.key_start = Some((offset, line, column));
        }
        match c {
            '/' if chars.peek().is_some_and(|(_, n)| *n == '/') => {
                for (_, n) in chars.by_ref() {
                    step(n, &mut line, &mut column);
                    if n == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek().is_some_and(|(_, n)| *n == '*') => {
                let mut depth = 0usize;
                let mut previous = '/';
                for (_, n) in chars.by_ref() {
                    step(n, &mut line, &mut column);
                    match (previous, n) {
                        ('/', '*') => depth += 1,
                        ('*', '/') => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    // "*/*" must not both close and reopen.
                    previous = if previous == '*' && n == '/' { ' ' } else { n };
                }
            }
            '"' => skip_string(&mut chars, &mut line, &mut column, None),
            'r' if chars.peek().is_some_and(|(_, n)| *n == '"' || *n == '#') => {
                let mut hashes = 0usize;
                while let Some((_, '#')) = chars.peek() {
                    chars.next();
                    column += 1;
                    hashes += 1;
                }
                if let Some((_, '"')) = chars.peek() {
                    chars.next();
                    column += 1;
                    skip_string(&mut chars, &mut line, &mut column, Some(hashes));
                }
            }
            '\'' => {
                // A character literal: 'x' or '\n'.
                if let Some((_, n)) = chars.next() {
                    step(n, &mut line, &mut column);
                    if n == '\\'
                        && let Some((_, e)) = chars.next()
                    {
                        step(e, &mut line, &mut column);
                    }
                }
                if let Some((_, '\'')) = chars.peek() {
                    chars.next();
                    column += 1;
                }
            }
            '{' => stack.push(Frame::new(true)),
            '(' | '[' => stack.push(Frame::new(false)),
            '}' | ')' | ']' => {
                stack.pop();
            }
            ':' => {
                if let Some(frame) = stack.last_mut()
                    && frame.map
                    && let Some((start, key_line, key_column)) = frame.key_start.take()
                {
                    let key: String = text
                        .get(start..offset)
                        .unwrap_or_default()
                        .split_whitespace()
                        .collect();
                    if let Some(&first) = frame.keys.get(&key) {
                        return Some(DuplicateKey {
                            key,
                            first,
                            second: (key_line, key_column),
                        });
                    }
                    frame.keys.insert(key, (key_line, key_column));
                }
            }
            ',' => {
                if let Some(frame) = stack.last_mut()
                    && frame.map
                {
                    frame.expect_key = true;
                    frame.key_start = None;
                }
            }
            _ => {}
        }
    }
    None
}

/// Skips a string body up to its closing quote: a plain string (`raw` is `None`) honours backslash escapes, a raw
/// string with `n` hashes closes on a quote followed by `n` `#`.
fn skip_string(
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
    line: &mut usize,
    column: &mut usize,
    raw: Option<usize>,
) {
    let mut step = |c: char| {
        if c == '\n' {
            *line += 1;
            *column = 0;
        } else {
            *column += 1;
        }
    };
    while let Some((_, c)) = chars.next() {
        step(c);
        match (c, raw) {
            ('\\', None) => {
                if let Some((_, e)) = chars.next() {
                    step(e);
                }
            }
            ('"', None) => return,
            ('"', Some(hashes)) => {
                let mut ahead = chars.clone();
                if (0..hashes).all(|_| ahead.next().is_some_and(|(_, n)| n == '#')) {
                    for _ in 0..hashes {
                        chars.next();
                        step('#');
                    }
                    return;
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_added_on_two_branches_is_found_with_both_places() {
        let text = "(\n    project: (\n        hosts: {\n            3: (name: \"esx03\"),\n            3: (name: \"esx11\"),\n        },\n    ),\n)\n";
        assert_eq!(
            find_duplicate_key(text),
            Some(DuplicateKey {
                key: "3".to_owned(),
                first: (4, 13),
                second: (5, 13),
            })
        );
    }

    #[test]
    fn equal_keys_in_different_maps_strings_and_comments_are_fine() {
        let text = r#"(
    hosts: { 1: (name: "a: {1: x, 1: y}"), 2: (name: "b") },
    vms: { 1: (name: "c"), /* 2: 2: */ 2: (name: "d") },
    // 1: (x), 1: (y)
    enclosures: { 1: (interconnects: { 1: (kind: VcFc), 2: (kind: VcFc) }), 2: (interconnects: { 1: (), 2: () }) },
)"#;
        assert_eq!(find_duplicate_key(text), None);
    }

    #[test]
    fn a_nested_map_repeats_its_key() {
        let text = "{1: (interconnects: {3: (), 4: (), 3: ()})}";
        let found = find_duplicate_key(text).unwrap_or_else(|| panic!("not found"));
        assert_eq!(found.key, "3");
        assert_eq!(found.second, (1, 36));
    }
}
