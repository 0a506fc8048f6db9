//! Comments a user wrote in a plan, kept across `fmt` and every save: serde drops them, so they are read from the
//! text at load time, each attached to the entry it stands before (by its path of map keys, field names and list
//! positions), and written back before the same entry of the new text, or before its nearest surviving parent
//! when the entry is gone. A comment on a deleted object ends up above its collection, never lost.

use std::collections::BTreeMap;

/// The dcplan header every save writes itself.
pub const HEADER: &str =
    "// dcplan plan file: edit freely, `dcplan check` this file to see findings.";

/// A run of comment lines and the entry they stand before.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommentBlock {
    /// Map keys, field names and `[n]` list positions from the top of the file down to the entry.
    pub path: Vec<String>,
    /// The comment's lines as written, without their indentation.
    pub lines: Vec<String>,
}

/// A point of the text where an entry starts: its path and its line (0-based).
struct EntryStart {
    path: Vec<String>,
    line: usize,
}

/// The comments of a plan text, attached to the entries they stand before. A comment after code on the same
/// line is attached to that line's entry and written above it.
pub fn collect(text: &str) -> Vec<CommentBlock> {
    // Most plans carry only the header: a pass that records no entries says so cheaply at 37,000 VMs.
    if scan(text, false)
        .comments
        .iter()
        .all(|c| c.text.trim() == HEADER)
    {
        return Vec::new();
    }
    let scan = scan(text, true);
    let mut blocks: Vec<CommentBlock> = Vec::new();
    for comment in scan.comments {
        if comment.text.trim() == HEADER {
            continue;
        }
        // The entry it stands before: the first that starts on its line (a trailing comment) or after it.
        let path = scan
            .entries
            .iter()
            .find(|entry| {
                if comment.trailing {
                    entry.line >= comment.line_of_code
                } else {
                    entry.line > comment.line
                }
            })
            .map(|entry| entry.path.clone())
            .unwrap_or_default();
        let lines: Vec<String> = comment.text.lines().map(|l| l.trim().to_owned()).collect();
        match blocks.last_mut() {
            Some(last) if last.path == path && !comment.trailing => last.lines.extend(lines),
            _ => blocks.push(CommentBlock { path, lines }),
        }
    }
    blocks
}

/// `text` (a freshly written plan) with `blocks` put back before their entries.
pub fn restore(text: &str, blocks: &[CommentBlock]) -> String {
    if blocks.is_empty() {
        return text.to_owned();
    }
    let scan = scan(text, true);
    let mut first_line: BTreeMap<&[String], usize> = BTreeMap::new();
    for entry in &scan.entries {
        first_line
            .entry(entry.path.as_slice())
            .or_insert(entry.line);
    }
    let lines: Vec<&str> = text.lines().collect();
    // The first line after the header and the `#![enable(...)]` line: where comments with no surviving entry go.
    let top = lines
        .iter()
        .position(|l| {
            let l = l.trim_start();
            !(l.starts_with("//") || l.starts_with("#!"))
        })
        .unwrap_or(0);
    let mut before: BTreeMap<usize, Vec<&CommentBlock>> = BTreeMap::new();
    for block in blocks {
        let line = (0..=block.path.len())
            .rev()
            .find_map(|n| block.path.get(..n).and_then(|p| first_line.get(p)).copied())
            .filter(|_| !block.path.is_empty())
            .unwrap_or(top);
        before.entry(line).or_default().push(block);
    }
    let mut out = String::with_capacity(text.len() + blocks.len() * 40);
    for (index, line) in lines.iter().enumerate() {
        if let Some(blocks) = before.get(&index) {
            let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
            for block in blocks {
                for comment in &block.lines {
                    out.push_str(&indent);
                    out.push_str(comment);
                    out.push('\n');
                }
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A comment found in the text.
struct Comment {
    text: String,
    /// Its (first) line, 0-based.
    line: usize,
    /// It follows code on its line; `line_of_code` is that line.
    trailing: bool,
    line_of_code: usize,
}

struct Scan {
    comments: Vec<Comment>,
    entries: Vec<EntryStart>,
}

/// One open bracket: `{` and `(` hold `key: value` entries (a tuple's values have no key), `[` holds positions.
struct Frame {
    list: bool,
    /// The segment this frame adds to the path of its entries' parent.
    segment: Option<String>,
    expect_entry: bool,
    key_start: Option<(usize, usize)>,
    position: usize,
    /// The key of the entry being read, once its colon is seen.
    current: Option<String>,
}

fn scan(text: &str, with_entries: bool) -> Scan {
    let mut comments = Vec::new();
    let mut entries = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let bytes = text.as_bytes();
    let mut line = 0usize;
    let mut code_on_line = false;
    let mut i = 0usize;
    let path_of = |stack: &[Frame], last: &str| -> Vec<String> {
        let mut path: Vec<String> = stack.iter().filter_map(|f| f.segment.clone()).collect();
        path.push(last.to_owned());
        path
    };
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\n' => {
                line += 1;
                code_on_line = false;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') || bytes.get(i + 1) == Some(&b'*') => {
                let start = i;
                let block = bytes.get(i + 1) == Some(&b'*');
                let first_line = line;
                if block {
                    let mut depth = 0usize;
                    while i < bytes.len() {
                        if bytes.get(i..i + 2) == Some(b"/*") {
                            depth += 1;
                            i += 2;
                        } else if bytes.get(i..i + 2) == Some(b"*/") {
                            depth = depth.saturating_sub(1);
                            i += 2;
                            if depth == 0 {
                                break;
                            }
                        } else {
                            if bytes.get(i) == Some(&b'\n') {
                                line += 1;
                            }
                            i += 1;
                        }
                    }
                } else {
                    while i < bytes.len() && bytes.get(i) != Some(&b'\n') {
                        i += 1;
                    }
                }
                comments.push(Comment {
                    text: text.get(start..i).unwrap_or_default().to_owned(),
                    line: first_line,
                    trailing: code_on_line,
                    line_of_code: first_line,
                });
                continue;
            }
            _ => {}
        }
        code_on_line = true;
        // An entry starts here.
        if let Some(frame) = stack.last_mut()
            && frame.expect_entry
            && !matches!(b, b'}' | b')' | b']' | b',')
        {
            frame.expect_entry = false;
            if frame.list {
                let segment = format!("[{}]", frame.position);
                frame.current = Some(segment.clone());
                if with_entries {
                    let path = path_of(&stack, &segment);
                    entries.push(EntryStart { path, line });
                }
            } else if let Some(frame) = stack.last_mut() {
                frame.key_start = Some((i, line));
            }
        }
        match b {
            b'"' => {
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    i += 1;
                    match c {
                        b'\\' => i += 1,
                        b'"' => break,
                        b'\n' => line += 1,
                        _ => {}
                    }
                }
                continue;
            }
            b'{' | b'(' | b'[' => {
                let segment = stack.last().and_then(|f| f.current.clone());
                stack.push(Frame {
                    list: b == b'[',
                    segment,
                    expect_entry: true,
                    key_start: None,
                    position: 0,
                    current: None,
                });
            }
            b'}' | b')' | b']' => {
                stack.pop();
            }
            b':' => {
                let key = match stack.last_mut() {
                    Some(frame) if !frame.list => {
                        frame.key_start.take().map(|(start, key_line)| {
                            let key: String = text
                                .get(start..i)
                                .unwrap_or_default()
                                .split_whitespace()
                                .collect();
                            frame.current = Some(key.clone());
                            (key, key_line)
                        })
                    }
                    _ => None,
                };
                if let Some((key, key_line)) = key
                    && with_entries
                {
                    entries.push(EntryStart {
                        path: path_of(&stack, &key),
                        line: key_line,
                    });
                }
            }
            b',' => {
                if let Some(frame) = stack.last_mut() {
                    frame.expect_entry = true;
                    frame.key_start = None;
                    frame.current = None;
                    if frame.list {
                        frame.position += 1;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    Scan { comments, entries }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = "// dcplan plan file: edit freely, `dcplan check` this file to see findings.\n#![enable(implicit_some)]\n(\n    format_version: 2,\n    project: (\n        name: \"x\",\n        hosts: {\n            // esx01 is the SQL host: keep it in bay 1\n            1: (\n                name: \"esx01\",\n                memory_gb: 32, // to 64 GB in Q3\n            ),\n            2: (\n                name: \"esx02\",\n            ),\n        },\n    ),\n)\n";

    #[test]
    fn comments_attach_to_the_entry_they_stand_before() {
        let blocks = collect(PLAN);
        assert_eq!(
            blocks,
            vec![
                CommentBlock {
                    path: ["project", "hosts", "1"].map(str::to_owned).to_vec(),
                    lines: vec!["// esx01 is the SQL host: keep it in bay 1".to_owned()],
                },
                CommentBlock {
                    path: ["project", "hosts", "1", "memory_gb"]
                        .map(str::to_owned)
                        .to_vec(),
                    lines: vec!["// to 64 GB in Q3".to_owned()],
                },
            ]
        );
    }

    #[test]
    fn comments_come_back_before_their_entries_or_their_parent() {
        let blocks = collect(PLAN);
        let without: String = PLAN
            .lines()
            .filter(|l| !l.trim_start().starts_with("// esx01"))
            .map(|l| l.split(" // to 64").next().unwrap_or(l).to_owned() + "\n")
            .collect();
        let restored = restore(&without, &blocks);
        assert!(
            restored.contains(
                "            // esx01 is the SQL host: keep it in bay 1\n            1: (\n"
            ),
            "{restored}"
        );
        assert!(
            restored
                .contains("                // to 64 GB in Q3\n                memory_gb: 32,\n"),
            "{restored}"
        );
        // Host 1 deleted: its comments go above the hosts map.
        let deleted = "#![enable(implicit_some)]\n(\n    project: (\n        hosts: {\n            2: (\n                name: \"esx02\",\n            ),\n        },\n    ),\n)\n";
        let restored = restore(deleted, &blocks);
        assert!(restored.contains("        // esx01 is the SQL host: keep it in bay 1\n        // to 64 GB in Q3\n        hosts: {\n"), "{restored}");
    }
}
