//! A small document model (headings, paragraphs, lists, tables) rendered to Markdown and to self-contained
//! HTML, so both formats say the same thing and every user string is escaped in one place.

use std::fmt::Write as _;

/// One block of a document. Text is plain: renderers escape it.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// Level 1-4, text, anchor id.
    Heading(u8, String, String),
    Paragraph(String),
    /// A labelled paragraph: "Pre-checks", "Back-out"...
    Labelled(String, String),
    Bullets(Vec<String>),
    Numbered(Vec<String>),
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// A highlighted warning line.
    Warning(String),
}

/// A titled document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    pub title: String,
    pub subtitle: String,
    pub blocks: Vec<Block>,
}

impl Document {
    /// Appends blocks written apart (into another document), giving their headings anchors of this document.
    pub fn append(&mut self, blocks: Vec<Block>) {
        for block in blocks {
            match block {
                Block::Heading(level, text, _) => {
                    self.heading(level, text);
                }
                other => self.push(other),
            }
        }
    }

    /// Adds a heading and returns its anchor.
    pub fn heading(&mut self, level: u8, text: impl Into<String>) -> String {
        let text = text.into();
        let anchor = format!("s{}", self.blocks.len());
        self.blocks
            .push(Block::Heading(level, text, anchor.clone()));
        anchor
    }

    pub fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }

    /// The table of contents: headings of level 2 and 3.
    fn contents(&self) -> Vec<(u8, &str, &str)> {
        self.blocks
            .iter()
            .filter_map(|block| match block {
                Block::Heading(level, text, anchor) if *level <= 3 => {
                    Some((*level, text.as_str(), anchor.as_str()))
                }
                _ => None,
            })
            .collect()
    }

    /// The document as Markdown.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# {}\n", md(&self.title));
        if !self.subtitle.is_empty() {
            let _ = writeln!(out, "{}\n", md(&self.subtitle));
        }
        let _ = writeln!(out, "## Contents\n");
        for (level, text, _) in self.contents() {
            let indent = if level == 3 { "  " } else { "" };
            let _ = writeln!(out, "{indent}- {}", md(text));
        }
        out.push('\n');
        for block in &self.blocks {
            match block {
                Block::Heading(level, text, _) => {
                    let _ = writeln!(out, "{} {}\n", "#".repeat(usize::from(*level)), md(text));
                }
                Block::Paragraph(text) => {
                    let _ = writeln!(out, "{}\n", md(text));
                }
                Block::Labelled(label, text) => {
                    let _ = writeln!(out, "**{}:** {}\n", md(label), md(text));
                }
                Block::Warning(text) => {
                    let _ = writeln!(out, "> **Warning:** {}\n", md(text));
                }
                Block::Bullets(items) => {
                    for item in items {
                        let _ = writeln!(out, "- {}", md(item));
                    }
                    out.push('\n');
                }
                Block::Numbered(items) => {
                    for (n, item) in items.iter().enumerate() {
                        let _ = writeln!(out, "{}. {}", n + 1, md(item));
                    }
                    out.push('\n');
                }
                Block::Table { header, rows } => {
                    let cells = |row: &[String]| {
                        let cells: Vec<String> = row.iter().map(|c| md(c)).collect();
                        format!("| {} |", cells.join(" | "))
                    };
                    let _ = writeln!(out, "{}", cells(header));
                    let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
                    for row in rows {
                        let _ = writeln!(out, "{}", cells(row));
                    }
                    out.push('\n');
                }
            }
        }
        out
    }

    /// The document as one self-contained, printable HTML page with a table of contents.
    pub fn html(&self) -> String {
        let mut out = String::new();
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<header><h1>{}</h1>",
            html(&self.title),
            html(&self.title)
        );
        if !self.subtitle.is_empty() {
            let _ = write!(out, "<p class=\"subtitle\">{}</p>", html(&self.subtitle));
        }
        out.push_str("</header>\n<nav class=\"toc\"><h2>Contents</h2>\n<ul>\n");
        for (level, text, anchor) in self.contents() {
            let _ = writeln!(
                out,
                "<li class=\"l{level}\"><a href=\"#{anchor}\">{}</a></li>",
                html(text)
            );
        }
        out.push_str("</ul>\n</nav>\n<main>\n");
        for block in &self.blocks {
            match block {
                Block::Heading(level, text, anchor) => {
                    let level = (*level).clamp(1, 4);
                    let _ = writeln!(out, "<h{level} id=\"{anchor}\">{}</h{level}>", html(text));
                }
                Block::Paragraph(text) => {
                    let _ = writeln!(out, "<p>{}</p>", html(text));
                }
                Block::Labelled(label, text) => {
                    let _ = writeln!(
                        out,
                        "<p><strong>{}:</strong> {}</p>",
                        html(label),
                        html(text)
                    );
                }
                Block::Warning(text) => {
                    let _ = writeln!(
                        out,
                        "<p class=\"warning\"><strong>Warning:</strong> {}</p>",
                        html(text)
                    );
                }
                Block::Bullets(items) => {
                    out.push_str("<ul>\n");
                    for item in items {
                        let _ = writeln!(out, "<li>{}</li>", html(item));
                    }
                    out.push_str("</ul>\n");
                }
                Block::Numbered(items) => {
                    out.push_str("<ol>\n");
                    for item in items {
                        let _ = writeln!(out, "<li><span class=\"box\"></span>{}</li>", html(item));
                    }
                    out.push_str("</ol>\n");
                }
                Block::Table { header, rows } => {
                    out.push_str("<table>\n<thead><tr>");
                    for cell in header {
                        let _ = write!(out, "<th>{}</th>", html(cell));
                    }
                    out.push_str("</tr></thead>\n<tbody>\n");
                    for row in rows {
                        out.push_str("<tr>");
                        for cell in row {
                            let _ = write!(out, "<td>{}</td>", html(cell));
                        }
                        out.push_str("</tr>\n");
                    }
                    out.push_str("</tbody>\n</table>\n");
                }
            }
        }
        out.push_str("</main>\n</body>\n</html>\n");
        out
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for Markdown: characters that would start markup, raw HTML or break a table are
/// backslash-escaped.
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body { font-family: 'DejaVu Sans', Arial, sans-serif; color: #1d2430; margin: 0 auto; max-width: 60rem; padding: 1.5rem 2rem; line-height: 1.45; }
header { border-bottom: 3px solid #1f5f99; margin-bottom: 1rem; }
h1 { color: #1f5f99; margin-bottom: 0.2rem; }
.subtitle { color: #556; margin-top: 0; }
h2 { color: #1f5f99; border-bottom: 1px solid #c9d4e0; padding-bottom: 0.2rem; margin-top: 2rem; page-break-before: auto; }
h3 { color: #243b55; margin-top: 1.4rem; }
h4 { color: #333; margin-bottom: 0.3rem; }
nav.toc { background: #f3f6fa; border: 1px solid #d5dde8; padding: 0.5rem 1rem; }
nav.toc h2 { border: none; margin: 0.3rem 0; font-size: 1.1rem; }
nav.toc ul { list-style: none; padding-left: 0; margin: 0; columns: 2; }
nav.toc li.l3 { padding-left: 1.2rem; font-size: 0.92rem; }
nav.toc a { color: #1f5f99; text-decoration: none; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
th, td { border: 1px solid #c9d4e0; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #e8eef5; }
ol li { margin: 0.15rem 0; }
.box { display: inline-block; width: 0.8rem; height: 0.8rem; border: 1px solid #667; margin-right: 0.5rem; vertical-align: middle; }
.warning { background: #fff4e5; border-left: 4px solid #e08a00; padding: 0.4rem 0.6rem; }
@media print { body { max-width: none; padding: 0; } nav.toc { page-break-after: always; } h2 { page-break-before: always; } a { color: inherit; } }
";
