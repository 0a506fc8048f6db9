//! A fast reader for the part of RON that dcplan itself writes, with the duplicate-key check and the search for
//! user comments done in the same pass. It never reports an error: on anything outside that part (or anything
//! wrong) it gives up and the caller reads the text again with `ron`, which then says what is wrong and where, so
//! every message stays `ron`'s. What it accepts, `ron` (with [`super::ron_options`]) reads to the same value:
//! plain decimal numbers, strings with the simple escapes, identifiers, `()`, `[]`, `{}` and `//` or `/* */`
//! comments; struct names, `Some(..)`, raw strings, suffixes, underscores and unusual whitespace are left to ron.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Visitor};

/// What the fast reader made of a text.
pub struct FastRead<T> {
    pub value: T,
    /// A comment other than dcplan's own header was seen: the comments must be collected.
    pub user_comments: bool,
}

/// Reads `text` as a `T`, or `None` when the text is outside the fast subset, has a duplicate map key or is wrong.
pub fn read<'de, T: de::Deserialize<'de>>(text: &'de str) -> Option<FastRead<T>> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
        user_comments: false,
    };
    reader.skip_ws().ok()?;
    reader.attributes().ok()?;
    let value = T::deserialize(&mut reader).ok()?;
    reader.skip_ws().ok()?;
    (reader.pos == reader.bytes.len()).then_some(FastRead {
        value,
        user_comments: reader.user_comments,
    })
}

/// The reader gave up; the caller reads the text with `ron` instead.
#[derive(Debug)]
pub struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("outside the fast subset")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<T: fmt::Display>(_message: T) -> Self {
        GiveUp
    }
}

type Result<T> = std::result::Result<T, GiveUp>;

/// How deep values may nest. `ron` counts up to five recursion steps for one bracket and refuses more than 64
/// (its limit in [`super::ron_options`]); ten brackets stay well under that, and plans nest six deep.
const MAX_DEPTH: usize = 10;

struct Reader<'de> {
    text: &'de str,
    bytes: &'de [u8],
    pos: usize,
    depth: usize,
    user_comments: bool,
}

/// Bytes that may follow a number or an identifier without `ron` reading them as part of it.
fn ends_token(byte: Option<u8>) -> bool {
    matches!(
        byte,
        Some(b' ' | b'\t' | b'\n' | b'\r' | b':' | b',' | b')' | b'(' | b']' | b'}' | b'/')
    )
}

impl<'de> Reader<'de> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn expect(&mut self, byte: u8) -> Result<()> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(GiveUp)
        }
    }

    /// Skips whitespace and comments; notes a comment that is not dcplan's header.
    fn skip_ws(&mut self) -> Result<()> {
        loop {
            // Indentation is most of a saved plan: skip a run of whitespace in one go.
            let rest = self.bytes.get(self.pos..).unwrap_or_default();
            self.pos += rest
                .iter()
                .position(|&b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
                .unwrap_or(rest.len());
            match self.peek() {
                Some(b'/') => match self.bytes.get(self.pos + 1) {
                    Some(b'/') => {
                        let rest = self.bytes.get(self.pos..).unwrap_or_default();
                        // A line comment that ends the file is left to ron.
                        let length = rest.iter().position(|&b| b == b'\n').ok_or(GiveUp)?;
                        let comment = self.text.get(self.pos..self.pos + length).ok_or(GiveUp)?;
                        if comment.trim() != super::comments::HEADER {
                            self.user_comments = true;
                        }
                        self.pos += length;
                    }
                    Some(b'*') => {
                        self.user_comments = true;
                        self.pos += 2;
                        let mut level = 1usize;
                        while level > 0 {
                            match (self.peek(), self.bytes.get(self.pos + 1)) {
                                (None, _) => return Err(GiveUp),
                                (Some(b'/'), Some(b'*')) => {
                                    level += 1;
                                    self.pos += 2;
                                }
                                (Some(b'*'), Some(b'/')) => {
                                    level -= 1;
                                    self.pos += 2;
                                }
                                _ => self.pos += 1,
                            }
                        }
                    }
                    _ => return Err(GiveUp),
                },
                _ => return Ok(()),
            }
        }
    }

    /// The `#![enable(implicit_some)]` line every save writes (it is on by default anyway); any other attribute
    /// could change how the text reads and is left to ron.
    fn attributes(&mut self) -> Result<()> {
        const IMPLICIT_SOME: &[u8] = b"#![enable(implicit_some)]";
        while self.peek() == Some(b'#') {
            if !self
                .bytes
                .get(self.pos..)
                .is_some_and(|rest| rest.starts_with(IMPLICIT_SOME))
            {
                return Err(GiveUp);
            }
            self.pos += IMPLICIT_SOME.len();
            self.skip_ws()?;
        }
        Ok(())
    }

    /// The identifier starting here, if one does, without consuming it.
    fn peek_identifier(&self) -> Option<&'de str> {
        let rest = self.bytes.get(self.pos..)?;
        let first = *rest.first()?;
        if !(first.is_ascii_alphabetic() || first == b'_') {
            return None;
        }
        let length = rest
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
            .unwrap_or(rest.len());
        self.text.get(self.pos..self.pos + length)
    }

    fn identifier(&mut self) -> Result<&'de str> {
        let identifier = self.peek_identifier().ok_or(GiveUp)?;
        if !ends_token(self.bytes.get(self.pos + identifier.len()).copied()) {
            return Err(GiveUp);
        }
        self.pos += identifier.len();
        Ok(identifier)
    }

    /// A struct name before `(` is legal RON that dcplan never writes.
    fn no_struct_name(&self) -> Result<()> {
        match self.peek_identifier() {
            Some(_) => Err(GiveUp),
            None => Ok(()),
        }
    }

    fn digits(&mut self) -> Result<u64> {
        let start = self.pos;
        let mut value: u64 = 0;
        while let Some(byte @ b'0'..=b'9') = self.peek() {
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(byte - b'0')))
                .ok_or(GiveUp)?;
            self.pos += 1;
        }
        if self.pos == start || !ends_token(self.peek()) {
            return Err(GiveUp);
        }
        Ok(value)
    }

    fn signed(&mut self) -> Result<i64> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
            let magnitude = i128::from(self.digits()?);
            i64::try_from(-magnitude).map_err(|_| GiveUp)
        } else {
            i64::try_from(self.digits()?).map_err(|_| GiveUp)
        }
    }

    /// The text of a float; `ron` parses the same characters with the same `from_str`.
    fn float_text(&mut self) -> Result<&'de str> {
        let start = self.pos;
        while let Some(b'0'..=b'9' | b'e' | b'E' | b'.' | b'+' | b'-') = self.peek() {
            self.pos += 1;
        }
        let text = self.text.get(start..self.pos).ok_or(GiveUp)?;
        if text.is_empty() || text.contains("..") || !ends_token(self.peek()) {
            return Err(GiveUp);
        }
        Ok(text)
    }

    /// A `"..."` string: borrowed when it has no escapes, else unescaped for the escapes `ron` reads the same way.
    fn string(&mut self) -> Result<StringValue<'de>> {
        self.expect(b'"')?;
        let start = self.pos;
        let rest = self.bytes.get(start..).ok_or(GiveUp)?;
        let end = rest
            .iter()
            .position(|&b| b == b'"' || b == b'\\')
            .ok_or(GiveUp)?;
        if rest.get(end) == Some(&b'"') {
            self.pos = start + end + 1;
            return self
                .text
                .get(start..start + end)
                .map(StringValue::Borrowed)
                .ok_or(GiveUp);
        }
        let mut owned = String::from(self.text.get(start..start + end).ok_or(GiveUp)?);
        self.pos = start + end;
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(StringValue::Owned(owned));
                }
                Some(b'\\') => {
                    let unescaped = match self.bytes.get(self.pos + 1) {
                        Some(b'\'') => '\'',
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'0') => '\0',
                        _ => return Err(GiveUp),
                    };
                    owned.push(unescaped);
                    self.pos += 2;
                }
                Some(_) => {
                    let from = self.pos;
                    let rest = self.bytes.get(from..).ok_or(GiveUp)?;
                    let length = rest
                        .iter()
                        .position(|&b| b == b'"' || b == b'\\')
                        .ok_or(GiveUp)?;
                    owned.push_str(self.text.get(from..from + length).ok_or(GiveUp)?);
                    self.pos += length;
                }
                None => return Err(GiveUp),
            }
        }
    }

    /// After an element: skips whitespace and a comma (and the whitespace after it); says whether there was one.
    fn comma(&mut self) -> Result<bool> {
        self.skip_ws()?;
        if self.peek() == Some(b',') {
            self.pos += 1;
            self.skip_ws()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(GiveUp);
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// `open` elements `close`, read as a sequence (lists and tuples).
    fn sequence<V: Visitor<'de>>(&mut self, open: u8, close: u8, visitor: V) -> Result<V::Value> {
        self.expect(open)?;
        self.enter()?;
        let value = visitor.visit_seq(Elements {
            reader: self,
            close,
            had_comma: true,
        })?;
        self.skip_ws()?;
        self.expect(close)?;
        self.leave();
        Ok(value)
    }

    /// `( field: value, ... )`.
    fn fields<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.expect(b'(')?;
        self.enter()?;
        let value = visitor.visit_map(Fields {
            reader: self,
            had_comma: true,
        })?;
        self.skip_ws()?;
        self.expect(b')')?;
        self.leave();
        Ok(value)
    }

    /// Whether another element follows before `close`, as `ron` decides it.
    fn has_element(&mut self, had_comma: bool, close: u8) -> Result<bool> {
        self.skip_ws()?;
        let at_close = self.peek() == Some(close);
        match (had_comma, at_close) {
            (true, at_close) => Ok(!at_close),
            (false, true) => Ok(false),
            (false, false) => Err(GiveUp),
        }
    }
}

enum StringValue<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.identifier()? {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i8(i8::try_from(self.signed()?).map_err(|_| GiveUp)?)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i16(i16::try_from(self.signed()?).map_err(|_| GiveUp)?)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i32(i32::try_from(self.signed()?).map_err(|_| GiveUp)?)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i64(self.signed()?)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u8(u8::try_from(self.digits()?).map_err(|_| GiveUp)?)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u16(u16::try_from(self.digits()?).map_err(|_| GiveUp)?)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u32(u32::try_from(self.digits()?).map_err(|_| GiveUp)?)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u64(self.digits()?)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f32(self.float_text()?.parse().map_err(|_| GiveUp)?)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f64(self.float_text()?.parse().map_err(|_| GiveUp)?)
    }

    fn deserialize_char<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            StringValue::Borrowed(text) => visitor.visit_borrowed_str(text),
            StringValue::Owned(text) => visitor.visit_string(text),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(GiveUp)
    }

    /// `None`, or the value itself (implicit `Some`); a written `Some(..)` is left to ron.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek_identifier() {
            Some("None") => {
                self.identifier()?;
                visitor.visit_none()
            }
            Some("Some") => Err(GiveUp),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'(')?;
        self.expect(b')')?;
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.no_struct_name()?;
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.no_struct_name()?;
        self.expect(b'(')?;
        self.enter()?;
        self.skip_ws()?;
        let value = visitor.visit_newtype_struct(&mut *self)?;
        self.comma()?;
        self.expect(b')')?;
        self.leave();
        Ok(value)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.sequence(b'[', b']', visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.sequence(b'(', b')', visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.no_struct_name()?;
        self.sequence(b'(', b')', visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'{')?;
        self.enter()?;
        let value = visitor.visit_map(Entries {
            reader: self,
            had_comma: true,
            keys: Vec::new(),
            seen: None,
            key_end: 0,
        })?;
        self.skip_ws()?;
        self.expect(b'}')?;
        self.leave();
        Ok(value)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.no_struct_name()?;
        self.fields(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(Variant { reader: self })
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.identifier()?)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(GiveUp)
    }
}

/// The elements of a list or tuple.
struct Elements<'a, 'de> {
    reader: &'a mut Reader<'de>,
    close: u8,
    had_comma: bool,
}

impl<'de> de::SeqAccess<'de> for Elements<'_, 'de> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.reader.has_element(self.had_comma, self.close)? {
            return Ok(None);
        }
        let value = seed.deserialize(&mut *self.reader)?;
        self.had_comma = self.reader.comma()?;
        Ok(Some(value))
    }
}

/// The `field: value` entries of a struct.
struct Fields<'a, 'de> {
    reader: &'a mut Reader<'de>,
    had_comma: bool,
}

impl<'de> de::MapAccess<'de> for Fields<'_, 'de> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.reader.has_element(self.had_comma, b')')? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.reader.skip_ws()?;
        self.reader.expect(b':')?;
        self.reader.skip_ws()?;
        let value = seed.deserialize(&mut *self.reader)?;
        self.had_comma = self.reader.comma()?;
        Ok(value)
    }
}

/// The `key: value` entries of a map. A key written twice gives up, so that the caller's duplicate-key check
/// reports it; keys are compared as written, like that check does.
struct Entries<'a, 'de> {
    reader: &'a mut Reader<'de>,
    had_comma: bool,
    /// The keys as written, in the order read.
    keys: Vec<&'de str>,
    /// The same keys as a set, made once a key comes out of order.
    seen: Option<HashSet<&'de str>>,
    key_end: usize,
}

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.reader.has_element(self.had_comma, b'}')? {
            return Ok(None);
        }
        let start = self.reader.pos;
        let key = seed.deserialize(&mut *self.reader)?;
        self.key_end = self.reader.pos;
        let written = self.reader.text.get(start..self.key_end).ok_or(GiveUp)?;
        // The duplicate-key check drops whitespace inside a key; such keys are left to it.
        if !written.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(GiveUp);
        }
        // Saved maps are in key order: while every key comes after the last one in (length, text) order, each is
        // new. From the first key out of that order on, keys are looked up among all the keys seen.
        let in_order = self
            .keys
            .last()
            .is_none_or(|last| (last.len(), *last) < (written.len(), written));
        if !in_order && self.seen.is_none() {
            self.seen = Some(self.keys.iter().copied().collect());
        }
        if let Some(seen) = &mut self.seen
            && !seen.insert(written)
        {
            return Err(GiveUp);
        }
        self.keys.push(written);
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.reader.skip_ws()?;
        // A comment between a key and its colon would be part of the key for the duplicate-key check.
        if self
            .reader
            .bytes
            .get(self.key_end..self.reader.pos)
            .is_none_or(|between| between.contains(&b'/'))
        {
            return Err(GiveUp);
        }
        self.reader.expect(b':')?;
        self.reader.skip_ws()?;
        let value = seed.deserialize(&mut *self.reader)?;
        self.had_comma = self.reader.comma()?;
        Ok(value)
    }
}

/// An enum value: its variant's name, then what the variant holds.
struct Variant<'a, 'de> {
    reader: &'a mut Reader<'de>,
}

impl<'de> de::EnumAccess<'de> for Variant<'_, 'de> {
    type Error = GiveUp;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        self.reader.skip_ws()?;
        let variant = seed.deserialize(&mut *self.reader)?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, 'de> {
    type Error = GiveUp;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        self.reader.skip_ws()?;
        self.reader.expect(b'(')?;
        self.reader.enter()?;
        self.reader.skip_ws()?;
        let value = seed.deserialize(&mut *self.reader)?;
        self.reader.comma()?;
        self.reader.expect(b')')?;
        self.reader.leave();
        Ok(value)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.reader.skip_ws()?;
        self.reader.sequence(b'(', b')', visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.reader.skip_ws()?;
        self.reader.fields(visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{PlanFile, ron_options};

    fn samples() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/samples");
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|e| e == "ron"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|path| std::fs::read_to_string(path).unwrap())
            .collect()
    }

    /// What the fast reader accepts, ron reads to the same plan, without a duplicate key, and comments are
    /// collected whenever the file has some.
    fn agrees_with_ron(text: &str) -> bool {
        let Some(read) = read::<PlanFile>(text) else {
            return false;
        };
        let by_ron: PlanFile = ron_options()
            .from_str(text)
            .unwrap_or_else(|err| panic!("fast read accepted what ron refuses ({err}):\n{text}"));
        assert_eq!(read.value, by_ron, "{text}");
        assert_eq!(
            super::super::duplicate_keys::find_duplicate_key(text),
            None,
            "{text}"
        );
        if !read.user_comments {
            assert!(super::super::comments::collect(text).is_empty(), "{text}");
        }
        true
    }

    #[test]
    fn every_sample_as_saved_is_read_fast_and_as_ron_reads_it() {
        for text in samples() {
            let saved = PlanFile::parse(&text, std::path::Path::new("x.ron"))
                .unwrap()
                .to_ron()
                .unwrap();
            assert!(agrees_with_ron(&saved), "not read fast:\n{saved}");
            agrees_with_ron(&text);
        }
    }

    #[test]
    fn what_dcplan_does_not_write_is_left_to_ron() {
        let base = "#![enable(implicit_some)]\n(format_version: 3, project: (name: \"x\"))\n";
        assert!(agrees_with_ron(base));
        for text in [
            "(format_version: 3, project: (name: r\"x\"))",
            "(format_version: 3, project: Project(name: \"x\"))",
            "(format_version: 0x3, project: (name: \"x\"))",
            "(format_version: 3_0, project: (name: \"x\"))",
            "(format_version: 3u32, project: (name: \"x\"))",
            "#![enable(unwrap_newtypes)]\n(format_version: 3, project: (name: \"x\"))",
            "(format_version: 3, project: (name: \"x\\u{41}\"))",
            "(format_version: 3, project: (name: \"x\")) // no newline at the end",
            "(format_version: 3, project: (name: \"x\"), unknown: 1)",
            "(format_version: 3, project: (name: \"x\",,))",
        ] {
            assert!(read::<PlanFile>(text).is_none(), "{text}");
        }
        let commented = "// a note\n(format_version: 3, project: (name: \"x\\\"y\\\\\"))\n";
        assert!(read::<PlanFile>(commented).is_some_and(|read| read.user_comments));
        assert!(agrees_with_ron(commented));
    }

    #[test]
    fn a_repeated_map_key_is_left_to_the_duplicate_check() {
        for sites in [
            "{1: (name: \"a\"), 1: (name: \"b\")}",
            "{2: (), 1: (), 3: (), 2: ()}",
            "{10: (), 9: (), 11: (), 12: (), 9: ()}",
        ] {
            let text = format!("(format_version: 3, project: (name: \"x\", sites: {sites}))");
            assert!(read::<PlanFile>(&text).is_none(), "{text}");
            assert!(super::super::duplicate_keys::find_duplicate_key(&text).is_some());
        }
        let unordered =
            "(format_version: 3, project: (name: \"x\", sites: {10: (), 9: (), 2: (), 11: ()}))";
        assert!(agrees_with_ron(unordered));
    }

    #[test]
    fn mutated_samples_are_read_fast_only_as_ron_reads_them() {
        let seeds = samples();
        let mut state = 0x5eed_dc91_a2b3_c4d5_u64;
        let mut below = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n.max(1) as u64) as usize
        };
        let alphabet = b"(){}[],:\"#0-9.e_/*zx \nNS";
        let (mut fast, mut total) = (0, 0);
        for round in 0..2000 {
            let seed = &seeds[round % seeds.len()];
            let mut bytes = seed.as_bytes().to_vec();
            for _ in 0..1 + below(2) {
                let at = below(bytes.len());
                match below(3) {
                    0 => {
                        bytes.remove(at);
                    }
                    1 => bytes.insert(at, alphabet[below(alphabet.len())]),
                    _ => bytes[at] = alphabet[below(alphabet.len())],
                }
            }
            let text = String::from_utf8_lossy(&bytes);
            total += 1;
            if agrees_with_ron(&text) {
                fast += 1;
            }
        }
        assert!(fast > 100 && fast < total, "{fast} of {total} read fast");
    }
}
