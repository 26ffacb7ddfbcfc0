//! The part of YAML CloudFormation templates are written in, read into
//! JSON values: block mappings and sequences (compact `- key: value` items
//! too), flow `[…]` and `{…}` (over several lines too), plain, single- and
//! double-quoted scalars, `|` and `>` block scalars, comments, and the
//! short forms of intrinsic functions (`!Ref X` → `{"Ref": "X"}`, `!Sub`,
//! `!GetAtt A.B`, `!Join`…). Anchors, aliases and multi-document streams
//! are not read. Hand-written: a template is a small part of YAML, and the
//! YAML crates would each add tens of KB to the page for it.
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html>

use serde_json::{Map, Value};

/// Deepest nesting read.
const MAX_DEPTH: usize = 64;

#[derive(Clone, Debug, PartialEq)]
pub(super) struct YamlError {
    pub line: usize,
    pub message: String,
}

#[derive(Clone, Debug)]
struct Line {
    /// 1-based, for errors.
    number: usize,
    indent: usize,
    text: String,
}

/// The document's value.
pub(super) fn parse(text: &str) -> Result<Value, YamlError> {
    let lines = logical_lines(text);
    let mut reader = Reader { lines, at: 0 };
    let Some(first) = reader.lines.first() else {
        return Ok(Value::Null);
    };
    let indent = first.indent;
    let value = reader.node(indent, 0)?;
    if let Some(line) = reader.lines.get(reader.at) {
        return Err(YamlError {
            line: line.number,
            message: "this line is indented less than the block it follows, or more than a \
                key it could belong to"
                .to_string(),
        });
    }
    Ok(value)
}

/// Lines without comments, blank lines and document markers; a flow
/// collection that spans lines joined into one; block scalars kept raw
/// (their lines are marked by a leading `\u{0}` the reader strips).
fn logical_lines(text: &str) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut pending: Option<Line> = None;
    let mut depth = 0i32;
    let mut block_scalar: Option<usize> = None;
    for (index, raw) in text.lines().enumerate() {
        let indent = raw.len() - raw.trim_start().len();
        if let Some(parent) = block_scalar {
            if raw.trim().is_empty() || indent > parent {
                lines.push(Line {
                    number: index + 1,
                    indent,
                    text: format!("\u{0}{raw}"),
                });
                continue;
            }
            block_scalar = None;
        }
        let content = strip_comment(raw.trim());
        if pending.is_none() && (content.is_empty() || content == "---" || content == "...") {
            continue;
        }
        match &mut pending {
            Some(line) => {
                line.text.push(' ');
                line.text.push_str(content);
            }
            None => {
                pending = Some(Line {
                    number: index + 1,
                    indent,
                    text: content.to_string(),
                })
            }
        }
        depth += bracket_balance(content);
        if depth <= 0 {
            depth = 0;
            if let Some(line) = pending.take() {
                if line.text.ends_with('|')
                    || line.text.ends_with('>')
                    || line.text.ends_with("|-")
                    || line.text.ends_with(">-")
                {
                    block_scalar = Some(line.indent);
                }
                lines.push(line);
            }
        }
    }
    lines.extend(pending);
    lines
}

/// `[`/`{` opened minus closed, outside quotes.
fn bracket_balance(text: &str) -> i32 {
    let mut balance = 0;
    let mut quote = None;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '[' | '{') => balance += 1,
            (None, ']' | '}') => balance -= 1,
            _ => {}
        }
    }
    balance
}

/// The text before a `#` that starts a comment (after a space, outside quotes).
fn strip_comment(text: &str) -> &str {
    let mut quote = None;
    let mut previous = ' ';
    for (at, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"')
                if previous == ' '
                    || previous == '['
                    || previous == '{'
                    || previous == ','
                    || previous == ':' =>
            {
                quote = Some(c)
            }
            (None, '#') if previous.is_whitespace() => {
                return text.get(..at).unwrap_or(text).trim_end()
            }
            _ => {}
        }
        previous = c;
    }
    text
}

struct Reader {
    lines: Vec<Line>,
    at: usize,
}

impl Reader {
    fn error(&self, message: impl Into<String>) -> YamlError {
        YamlError {
            line: self.lines.get(self.at).map_or(0, |line| line.number),
            message: message.into(),
        }
    }

    /// The node whose lines start at `indent`.
    fn node(&mut self, indent: usize, depth: usize) -> Result<Value, YamlError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        let Some(line) = self.lines.get(self.at) else {
            return Ok(Value::Null);
        };
        if line.text == "-" || line.text.starts_with("- ") {
            self.sequence(indent, depth)
        } else if key_value(&line.text).is_some() {
            self.mapping(indent, depth)
        } else {
            let (text, number) = (line.text.clone(), line.number);
            self.at += 1;
            inline(&text, depth).map_err(|message| YamlError {
                line: number,
                message,
            })
        }
    }

    fn sequence(&mut self, indent: usize, depth: usize) -> Result<Value, YamlError> {
        let mut items = Vec::new();
        while let Some(line) = self.lines.get(self.at) {
            if line.indent != indent || !(line.text == "-" || line.text.starts_with("- ")) {
                break;
            }
            let rest = line
                .text
                .get(1..)
                .unwrap_or_default()
                .trim_start()
                .to_string();
            if rest.is_empty() {
                self.at += 1;
                let child = self
                    .lines
                    .get(self.at)
                    .map(|l| l.indent)
                    .filter(|&i| i > indent);
                items.push(match child {
                    Some(child) => self.node(child, depth + 1)?,
                    None => Value::Null,
                });
                continue;
            }
            // The item's content as a line of its own, at the column it starts.
            let column = indent + (line.text.len() - rest.len());
            if let Some(slot) = self.lines.get_mut(self.at) {
                slot.indent = column;
                slot.text = rest;
            }
            items.push(self.node(column, depth + 1)?);
        }
        Ok(Value::Array(items))
    }

    fn mapping(&mut self, indent: usize, depth: usize) -> Result<Value, YamlError> {
        let mut members = Map::new();
        while let Some(line) = self.lines.get(self.at) {
            if line.indent != indent {
                break;
            }
            let Some((key, value)) = key_value(&line.text) else {
                return Err(self.error("expected `key: value`"));
            };
            let (key, value, number) = (key.to_string(), value.to_string(), line.number);
            self.at += 1;
            let parsed = if value.is_empty() || is_tag_alone(&value) {
                let child = self.lines.get(self.at).map(|l| l.indent).filter(|&i| {
                    i > indent
                        || (i == indent
                            && self
                                .lines
                                .get(self.at)
                                .is_some_and(|l| l.text.starts_with('-')))
                });
                let node = match child {
                    Some(child) => self.node(child, depth + 1)?,
                    None => Value::Null,
                };
                if value.is_empty() {
                    node
                } else {
                    tagged(&value, node)
                }
            } else if let Some(style) = block_scalar_style(&value) {
                self.block_scalar(style)
            } else {
                inline(&value, depth).map_err(|message| YamlError {
                    line: number,
                    message,
                })?
            };
            members.insert(unquote(&key), parsed);
        }
        Ok(Value::Object(members))
    }

    /// The raw lines after a `|` or `>`, their common indent removed.
    fn block_scalar(&mut self, style: char) -> Value {
        let mut raw = Vec::new();
        while let Some(line) = self.lines.get(self.at) {
            let Some(text) = line.text.strip_prefix('\u{0}') else {
                break;
            };
            raw.push(text.to_string());
            self.at += 1;
        }
        let margin = raw
            .iter()
            .filter(|line| !line.trim().is_empty())
            .map(|line| line.len() - line.trim_start().len())
            .min()
            .unwrap_or(0);
        let lines: Vec<&str> = raw
            .iter()
            .map(|line| line.get(margin..).unwrap_or(""))
            .collect();
        let text = if style == '|' {
            lines.join("\n")
        } else {
            lines.join(" ")
        };
        Value::String(format!("{}\n", text.trim_end()))
    }
}

fn block_scalar_style(value: &str) -> Option<char> {
    match value {
        "|" | "|-" | "|+" => Some('|'),
        ">" | ">-" | ">+" => Some('>'),
        _ => None,
    }
}

fn is_tag_alone(value: &str) -> bool {
    value.starts_with('!') && !value.contains(' ')
}

/// `key: value` (or `key:`) split at the first `: ` outside quotes.
fn key_value(text: &str) -> Option<(&str, &str)> {
    if text.starts_with(['[', '{', '!']) {
        return None;
    }
    let mut quote = None;
    let bytes: Vec<char> = text.chars().collect();
    let mut offset = 0;
    for (index, &c) in bytes.iter().enumerate() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') if index == 0 => quote = Some(c),
            (None, ':') => {
                let next = bytes.get(index + 1);
                if next.is_none() || next.is_some_and(|n| *n == ' ') {
                    let key = text.get(..offset)?.trim();
                    let value = text.get(offset + 1..)?.trim();
                    return (!key.is_empty()).then_some((key, value));
                }
            }
            _ => {}
        }
        offset += c.len_utf8();
    }
    None
}

fn unquote(text: &str) -> String {
    match scalar(text) {
        Value::String(text) => text,
        other => other.to_string(),
    }
}

/// A value written on one line: a tag, a flow collection or a scalar.
fn inline(text: &str, depth: usize) -> Result<Value, String> {
    if depth > MAX_DEPTH {
        return Err("nested too deeply".to_string());
    }
    let text = text.trim();
    if let Some(rest) = text.strip_prefix('!') {
        let (tag, value) = rest.split_once(' ').unwrap_or((rest, ""));
        let inner = if value.trim().is_empty() {
            Value::Null
        } else {
            inline(value, depth + 1)?
        };
        return Ok(tagged(&format!("!{tag}"), inner));
    }
    if text.starts_with('[') || text.starts_with('{') {
        let mut flow = Flow {
            chars: text.chars().collect(),
            at: 0,
        };
        let value = flow.value(depth)?;
        return Ok(value);
    }
    Ok(scalar(text))
}

/// A short-form intrinsic as its long form.
fn tagged(tag: &str, value: Value) -> Value {
    let name = tag.trim_start_matches('!');
    let value = match (name, value) {
        ("GetAtt", Value::String(text)) => match text.split_once('.') {
            Some((resource, attribute)) => Value::Array(vec![resource.into(), attribute.into()]),
            None => Value::String(text),
        },
        (_, value) => value,
    };
    let key = if name == "Ref" || name == "Condition" {
        name.to_string()
    } else {
        format!("Fn::{name}")
    };
    let mut object = Map::new();
    object.insert(key, value);
    Value::Object(object)
}

fn scalar(text: &str) -> Value {
    let text = text.trim();
    if let Some(inner) = text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')) {
        return Value::String(inner.replace("''", "'"));
    }
    if let Some(inner) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        return Value::String(
            serde_json::from_str(&format!("\"{inner}\"")).unwrap_or_else(|_| inner.to_string()),
        );
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ if !text.is_empty() && text.len() < 19 && text.bytes().all(|b| b.is_ascii_digit()) => {
            text.parse::<u64>()
                .map_or_else(|_| Value::String(text.to_string()), Value::from)
        }
        _ => Value::String(text.to_string()),
    }
}

/// `[a, b]` and `{k: v}` on one logical line.
struct Flow {
    chars: Vec<char>,
    at: usize,
}

impl Flow {
    fn skip(&mut self) {
        while self.chars.get(self.at).is_some_and(|c| c.is_whitespace()) {
            self.at += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err("nested too deeply".to_string());
        }
        self.skip();
        match self.chars.get(self.at) {
            Some('[') => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.skip();
                    match self.chars.get(self.at) {
                        Some(']') => {
                            self.at += 1;
                            return Ok(Value::Array(items));
                        }
                        Some(',') => self.at += 1,
                        None => return Err("a `]` is missing".to_string()),
                        Some(&c) => {
                            let before = self.at;
                            items.push(self.value(depth + 1)?);
                            // A `}` or `:` here reads as an empty scalar
                            // and would be met again forever.
                            if self.at == before {
                                return Err(format!("a `{c}` inside `[…]`"));
                            }
                        }
                    }
                }
            }
            Some('{') => {
                self.at += 1;
                let mut members = Map::new();
                loop {
                    self.skip();
                    match self.chars.get(self.at) {
                        Some('}') => {
                            self.at += 1;
                            return Ok(Value::Object(members));
                        }
                        Some(',') => self.at += 1,
                        None => return Err("a `}` is missing".to_string()),
                        Some(&c) => {
                            let before = self.at;
                            let key = self.word(&[':'])?;
                            self.skip();
                            if self.chars.get(self.at) == Some(&':') {
                                self.at += 1;
                            }
                            let value = self.value(depth + 1)?;
                            if self.at == before {
                                return Err(format!("a `{c}` inside `{{…}}`"));
                            }
                            members.insert(unquote(&key), value);
                        }
                    }
                }
            }
            Some('!') => {
                let tag = self.word(&[' '])?;
                let inner = self.value(depth + 1)?;
                Ok(tagged(&tag, inner))
            }
            Some(_) => Ok(scalar(&self.word(&[])?)),
            None => Err("a value is missing".to_string()),
        }
    }

    /// A quoted or plain scalar's text, up to `,`, `]`, `}` or `stops`.
    fn word(&mut self, stops: &[char]) -> Result<String, String> {
        self.skip();
        let start = self.at;
        if let Some(&quote @ ('\'' | '"')) = self.chars.get(self.at) {
            self.at += 1;
            while let Some(&c) = self.chars.get(self.at) {
                self.at += 1;
                if c == quote {
                    if quote == '\'' && self.chars.get(self.at) == Some(&'\'') {
                        self.at += 1;
                        continue;
                    }
                    return Ok(self
                        .chars
                        .get(start..self.at)
                        .unwrap_or_default()
                        .iter()
                        .collect());
                }
                if c == '\\' && quote == '"' {
                    self.at += 1;
                }
            }
            return Err("a quote is not closed".to_string());
        }
        while let Some(&c) = self.chars.get(self.at) {
            let colon_stop = c == ':'
                && stops.contains(&':')
                && self
                    .chars
                    .get(self.at + 1)
                    .is_none_or(|n| n.is_whitespace());
            if matches!(c, ',' | ']' | '}') || colon_stop || (stops.contains(&c) && c != ':') {
                break;
            }
            self.at += 1;
        }
        Ok(self
            .chars
            .get(start..self.at)
            .unwrap_or_default()
            .iter()
            .collect::<String>()
            .trim()
            .to_string())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_template_reads_with_its_short_forms() {
        let text = r#"AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Repo:
    Type: String
    Default: octo-org/octo-repo   # the repository
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      MaxSessionDuration: 7200
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Federated: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
                token.actions.githubusercontent.com:aud: sts.amazonaws.com
              StringLike:
                token.actions.githubusercontent.com:sub: !Sub repo:${Repo}:*
          - Effect: Allow
            Principal: { AWS: !Join ['', ['arn:', !Ref 'AWS::Partition',
                ':iam::', !Ref AWS::AccountId, ':root']] }
            Action: [sts:AssumeRole, "sts:TagSession"]
      Policies:
        - PolicyName: inline
          PolicyDocument: |
            {"Version": "2012-10-17"}
"#;
        let value = parse(text).expect("parses");
        let role = &value["Resources"]["Role"]["Properties"];
        assert_eq!(role["MaxSessionDuration"], json!(7200));
        let statements = &role["AssumeRolePolicyDocument"]["Statement"];
        assert_eq!(
            statements[0]["Principal"]["Federated"],
            json!({"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com"})
        );
        assert_eq!(
            statements[0]["Condition"]["StringLike"]["token.actions.githubusercontent.com:sub"],
            json!({"Fn::Sub": "repo:${Repo}:*"})
        );
        assert_eq!(
            statements[1]["Principal"]["AWS"],
            json!({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::", {"Ref": "AWS::AccountId"}, ":root"]]})
        );
        assert_eq!(
            statements[1]["Action"],
            json!(["sts:AssumeRole", "sts:TagSession"])
        );
        assert_eq!(
            value["Parameters"]["Repo"]["Default"],
            json!("octo-org/octo-repo")
        );
        assert_eq!(
            role["Policies"][0]["PolicyDocument"],
            json!("{\"Version\": \"2012-10-17\"}\n")
        );
    }

    #[test]
    fn broken_yaml_never_panics() {
        for text in [
            "a: [",
            "- - -",
            "a:\n  - b\n c: d",
            "{",
            "!Ref",
            "a: !Join [",
            "'",
            "a: 'x",
            ":",
            "- [a, {b: }",
            "a: |\n",
            &"[".repeat(300),
        ] {
            let _ = parse(text);
        }
        assert!(parse(&format!("a: {}", "[".repeat(300) + &"]".repeat(300))).is_err());
    }

    /// A closing bracket of the other kind read as an empty value, without
    /// moving on, and was met again until memory ran out (found by the
    /// `import` fuzz target).
    #[test]
    fn a_stray_closing_bracket_in_a_flow_collection_is_an_error() {
        for (text, said) in [
            ("a: [b, }]", "a `}` inside `[…]`"),
            ("a: {b: c, ]}", "a `]` inside `{…}`"),
            ("Principal: {AWS: [x, }, y]}", "a `}` inside `[…]`"),
        ] {
            let error = parse(text).expect_err(text);
            assert!(error.message.contains(said), "{text}: {error:?}");
            assert_eq!(error.line, 1);
        }
    }
}
