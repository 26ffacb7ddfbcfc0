//! The part of HCL, Terraform's native syntax, that IAM roles are written
//! in: blocks, attributes, strings with `${…}` interpolations and `$${`
//! escapes, heredocs, numbers, booleans, tuples, objects, function calls
//! and references. Operators, `for` expressions and conditionals are not
//! read: such an expression is kept as its text (a value only a plan
//! knows). Hand-written because the crates that parse HCL pull in a
//! parser generator and weigh far more on the page than this subset needs.
//! <https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md>

/// Deepest nesting read; deeper text is an error, not a stack overflow.
const MAX_DEPTH: usize = 64;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Expr {
    /// A string: its parts, literal text and interpolated expressions.
    Template(Vec<Part>),
    Number(String),
    Bool(bool),
    Null,
    Tuple(Vec<Expr>),
    Object(Vec<(String, Expr)>),
    Call(String, Vec<Expr>),
    /// `var.x`, `data.aws_iam_policy_document.trust.json`, `a.b[0]`.
    Reference(String),
    /// What this reader does not evaluate (an operator, a `for`), as written.
    Other(String),
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Part {
    Literal(String),
    Interpolation(Box<Expr>, String),
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Item {
    Attribute(String, Expr),
    Block(Block),
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Block {
    pub kind: String,
    pub labels: Vec<String>,
    pub body: Vec<Item>,
}

impl Block {
    pub fn attribute(&self, name: &str) -> Option<&Expr> {
        self.body.iter().find_map(|item| match item {
            Item::Attribute(key, value) if key == name => Some(value),
            _ => None,
        })
    }

    pub fn blocks<'b>(&'b self, kind: &'b str) -> impl Iterator<Item = &'b Block> + 'b {
        self.body.iter().filter_map(move |item| match item {
            Item::Block(block) if block.kind == kind => Some(block),
            _ => None,
        })
    }
}

/// Where and why the text is not HCL.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct HclError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The top-level items of `text`.
pub(super) fn parse(text: &str) -> Result<Vec<Item>, HclError> {
    let mut parser = Parser {
        text,
        at: 0,
        depth: 0,
    };
    let items = parser.body(None)?;
    Ok(items)
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        self.text.get(self.at..).unwrap_or_default()
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        Some(c)
    }

    fn error(&self, message: impl Into<String>) -> HclError {
        let before = self.text.get(..self.at).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before
            .rsplit('\n')
            .next()
            .unwrap_or_default()
            .chars()
            .count()
            + 1;
        HclError {
            line,
            column,
            message: message.into(),
        }
    }

    /// Spaces and comments; newlines too unless `keep_newlines`.
    fn skip(&mut self, keep_newlines: bool) {
        loop {
            let rest = self.rest();
            if rest.starts_with('#') || rest.starts_with("//") {
                let end = rest.find('\n').unwrap_or(rest.len());
                self.at += end;
            } else if rest.starts_with("/*") {
                let end = rest.find("*/").map_or(rest.len(), |end| end + 2);
                self.at += end;
            } else if let Some(c) = self.peek().filter(|c| c.is_whitespace()) {
                if c == '\n' && keep_newlines {
                    return;
                }
                self.bump();
            } else {
                return;
            }
        }
    }

    fn enter(&mut self) -> Result<(), HclError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        Ok(())
    }

    fn identifier(&mut self) -> Option<String> {
        let rest = self.rest();
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        if end == 0 || rest.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
            return None;
        }
        self.at += end;
        rest.get(..end).map(str::to_string)
    }

    /// Items until `close` (or the end of the text at the top level).
    fn body(&mut self, close: Option<char>) -> Result<Vec<Item>, HclError> {
        self.enter()?;
        let mut items = Vec::new();
        loop {
            self.skip(false);
            match self.peek() {
                None if close.is_none() => break,
                None => return Err(self.error("the text ends inside a block: a `}` is missing")),
                Some(c) if Some(c) == close => {
                    self.bump();
                    break;
                }
                Some(_) => {}
            }
            let Some(name) = self.identifier() else {
                return Err(self.error("expected an attribute or a block"));
            };
            self.skip(true);
            if self.peek() == Some('=') && !self.rest().starts_with("==") {
                self.bump();
                let value = self.expression()?;
                items.push(Item::Attribute(name, value));
                continue;
            }
            let mut labels = Vec::new();
            loop {
                self.skip(true);
                match self.peek() {
                    Some('"') => match self.expression()? {
                        Expr::Template(parts) => labels.push(literal_text(&parts)),
                        _ => return Err(self.error("a block label must be a string")),
                    },
                    Some('{') => {
                        self.bump();
                        break;
                    }
                    _ => match self.identifier() {
                        Some(label) => labels.push(label),
                        None => {
                            return Err(self.error(format!("expected `=` or `{{` after `{name}`")))
                        }
                    },
                }
            }
            let body = self.body(Some('}'))?;
            items.push(Item::Block(Block {
                kind: name,
                labels,
                body,
            }));
        }
        self.depth -= 1;
        Ok(items)
    }

    fn expression(&mut self) -> Result<Expr, HclError> {
        self.skip(true);
        let start = self.at;
        let value = self.operand()?;
        // An operator or a conditional after the operand: kept as written.
        self.skip(true);
        let rest = self.rest();
        let operator = [
            "==", "!=", "&&", "||", "<=", ">=", "+", "*", "/", "%", "?", "<", ">",
        ]
        .iter()
        .any(|op| rest.starts_with(op))
            || (rest.starts_with('-') && !rest.starts_with("->"));
        if operator {
            let end = self.expression_end();
            self.at = end;
            let written = self
                .text
                .get(start..end)
                .unwrap_or_default()
                .trim()
                .to_string();
            return Ok(Expr::Other(written));
        }
        Ok(value)
    }

    /// Where an unread expression ends: the end of its line, or the
    /// bracket, brace or comma that closes the construct it is in.
    fn expression_end(&self) -> usize {
        let mut depth = 0usize;
        let mut in_string = false;
        for (offset, c) in self.rest().char_indices() {
            match c {
                '"' => in_string = !in_string,
                _ if in_string => {}
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth == 0 => return self.at + offset,
                ')' | ']' | '}' => depth -= 1,
                ',' | '\n' if depth == 0 => return self.at + offset,
                _ => {}
            }
        }
        self.text.len()
    }

    fn operand(&mut self) -> Result<Expr, HclError> {
        self.enter()?;
        let value = match self.peek() {
            Some('"') => {
                self.bump();
                Expr::Template(self.template(Some('"'))?)
            }
            Some('<') if self.rest().starts_with("<<") => self.heredoc()?,
            Some('[') => {
                self.bump();
                let mut items = Vec::new();
                loop {
                    self.skip(false);
                    if self.peek() == Some(']') {
                        self.bump();
                        break;
                    }
                    items.push(self.expression()?);
                    self.skip(false);
                    match self.peek() {
                        Some(',') => {
                            self.bump();
                        }
                        Some(']') => {}
                        _ => return Err(self.error("expected `,` or `]` in a list")),
                    }
                }
                Expr::Tuple(items)
            }
            Some('{') => {
                self.bump();
                let mut members = Vec::new();
                loop {
                    self.skip(false);
                    if self.peek() == Some('}') {
                        self.bump();
                        break;
                    }
                    let key = match self.peek() {
                        Some('"') => {
                            self.bump();
                            literal_text(&self.template(Some('"'))?)
                        }
                        Some('(') => {
                            // `(var.key) = …`: a key only a plan knows.
                            let end = self.matching_close('(', ')');
                            let written =
                                self.text.get(self.at..end).unwrap_or_default().to_string();
                            self.at = end;
                            written
                        }
                        _ => self
                            .identifier()
                            .ok_or_else(|| self.error("expected a key in an object"))?,
                    };
                    self.skip(false);
                    match self.peek() {
                        Some('=' | ':') => {
                            self.bump();
                        }
                        _ => return Err(self.error(format!("expected `=` after the key `{key}`"))),
                    }
                    let value = self.expression()?;
                    members.push((key, value));
                    self.skip(true);
                    if self.peek() == Some(',') {
                        self.bump();
                    }
                }
                Expr::Object(members)
            }
            Some(c)
                if c.is_ascii_digit()
                    || (c == '-'
                        && self
                            .rest()
                            .chars()
                            .nth(1)
                            .is_some_and(|d| d.is_ascii_digit())) =>
            {
                let rest = self.rest();
                let end = rest
                    .char_indices()
                    .skip(1)
                    .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '.'))
                    .map_or(rest.len(), |(at, _)| at);
                self.at += end;
                Expr::Number(rest.get(..end).unwrap_or_default().to_string())
            }
            Some(_) => {
                let Some(name) = self.identifier() else {
                    return Err(self.error("expected a value"));
                };
                match name.as_str() {
                    "true" => Expr::Bool(true),
                    "false" => Expr::Bool(false),
                    "null" => Expr::Null,
                    _ if self.peek() == Some('(') => {
                        self.bump();
                        let mut arguments = Vec::new();
                        loop {
                            self.skip(false);
                            if self.peek() == Some(')') {
                                self.bump();
                                break;
                            }
                            arguments.push(self.expression()?);
                            self.skip(false);
                            match self.peek() {
                                Some(',') => {
                                    self.bump();
                                }
                                Some(')') => {}
                                _ if self.rest().starts_with("...") => {
                                    self.at += 3;
                                }
                                _ => {
                                    return Err(
                                        self.error(format!("expected `,` or `)` in `{name}(…)`"))
                                    )
                                }
                            }
                        }
                        Expr::Call(name, arguments)
                    }
                    _ => {
                        let mut reference = name;
                        loop {
                            if self.peek() == Some('.') {
                                self.bump();
                                match self.identifier().or_else(|| self.digits()) {
                                    Some(next) => {
                                        reference.push('.');
                                        reference.push_str(&next);
                                    }
                                    None if self.peek() == Some('*') => {
                                        self.bump();
                                        reference.push_str(".*");
                                    }
                                    None => return Err(self.error("expected a name after `.`")),
                                }
                            } else if self.peek() == Some('[') {
                                let end = self.matching_close('[', ']');
                                reference.push_str(self.text.get(self.at..end).unwrap_or_default());
                                self.at = end;
                            } else {
                                break;
                            }
                        }
                        Expr::Reference(reference)
                    }
                }
            }
            None => return Err(self.error("the text ends where a value was expected")),
        };
        self.depth -= 1;
        Ok(value)
    }

    fn digits(&mut self) -> Option<String> {
        let rest = self.rest();
        let end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        (end > 0).then(|| {
            self.at += end;
            rest.get(..end).unwrap_or_default().to_string()
        })
    }

    /// Just after the bracket that closes the one at the cursor.
    fn matching_close(&self, open: char, close: char) -> usize {
        let mut depth = 0usize;
        for (offset, c) in self.rest().char_indices() {
            if c == open {
                depth += 1;
            } else if c == close {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return self.at + offset + c.len_utf8();
                }
            }
        }
        self.text.len()
    }

    /// A string's parts up to `close` (`None`: a heredoc's whole text).
    fn template(&mut self, close: Option<char>) -> Result<Vec<Part>, HclError> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        loop {
            let rest = self.rest();
            if rest.starts_with("$${") || rest.starts_with("%%{") {
                literal.push_str(rest.get(1..3).unwrap_or_default());
                self.at += 3;
                continue;
            }
            if rest.starts_with("${") || rest.starts_with("%{") {
                let start = self.at;
                self.at += 2;
                let expression = self.expression()?;
                self.skip(false);
                if self.peek() == Some('~') {
                    self.bump();
                }
                if self.bump() != Some('}') {
                    return Err(self.error("expected `}` to close `${`"));
                }
                if !literal.is_empty() {
                    parts.push(Part::Literal(std::mem::take(&mut literal)));
                }
                let written = self
                    .text
                    .get(start..self.at)
                    .unwrap_or_default()
                    .to_string();
                parts.push(Part::Interpolation(Box::new(expression), written));
                continue;
            }
            match self.bump() {
                None if close.is_none() => break,
                None => return Err(self.error("the text ends inside a string: a `\"` is missing")),
                Some(c) if Some(c) == close => break,
                Some('\n') if close.is_some() => {
                    self.at -= 1;
                    return Err(
                        self.error("a string ends at the end of its line: a `\"` is missing")
                    );
                }
                Some('\\') if close.is_some() => match self.bump() {
                    Some('n') => literal.push('\n'),
                    Some('t') => literal.push('\t'),
                    Some('r') => literal.push('\r'),
                    Some('"') => literal.push('"'),
                    Some('\\') => literal.push('\\'),
                    Some('u') => {
                        let hex: String = self.rest().chars().take(4).collect();
                        self.at += hex.len();
                        literal.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
                    }
                    Some(other) => {
                        literal.push('\\');
                        literal.push(other);
                    }
                    None => return Err(self.error("the text ends inside a string")),
                },
                Some(c) => literal.push(c),
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        Ok(parts)
    }

    /// `<<EOF` or `<<-EOF` (indented): the lines up to the delimiter.
    fn heredoc(&mut self) -> Result<Expr, HclError> {
        self.at += 2;
        let indented = self.peek() == Some('-');
        if indented {
            self.bump();
        }
        let delimiter = self
            .identifier()
            .ok_or_else(|| self.error("expected a delimiter after `<<`"))?;
        let rest = self.rest();
        let body_start = rest.find('\n').map_or(rest.len(), |end| end + 1);
        let body = rest.get(body_start..).unwrap_or_default();
        let mut offset = 0;
        let mut lines = Vec::new();
        let mut closed = false;
        for line in body.split_inclusive('\n') {
            offset += line.len();
            if line.trim() == delimiter {
                closed = true;
                break;
            }
            lines.push(line);
        }
        if !closed {
            return Err(self.error(format!("the heredoc is not closed by a line `{delimiter}`")));
        }
        let margin = if indented {
            lines
                .iter()
                .filter(|line| !line.trim().is_empty())
                .map(|line| line.len() - line.trim_start().len())
                .min()
                .unwrap_or(0)
        } else {
            0
        };
        let text: String = lines
            .iter()
            .map(|line| {
                line.get(margin.min(line.len() - line.trim_start().len())..)
                    .unwrap_or(line)
            })
            .collect();
        self.at += body_start + offset;
        // The heredoc's own text is a template too (interpolations, `$${`).
        let mut inner = Parser {
            text: &text,
            at: 0,
            depth: self.depth,
        };
        Ok(Expr::Template(inner.template(None)?))
    }
}

/// A template's literal text, interpolations written as they were.
pub(super) fn literal_text(parts: &[Part]) -> String {
    parts
        .iter()
        .map(|part| match part {
            Part::Literal(text) => text.clone(),
            Part::Interpolation(_, written) => written.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_with_jsonencode_parses() {
        let text = r#"
# the deploy role
resource "aws_iam_role" "deploy" {
  name = "deploy-${var.env}"
  max_session_duration = 7200
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = ["sts:AssumeRole"]
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
      Condition = { StringEquals = { "sts:ExternalId" = "$${aws:username}" } }
    }]
  })
  tags = { team = local.team, "a b" = 1 + 2 }
}
"#;
        let items = parse(text).expect("parses");
        let Some(Item::Block(role)) = items.first() else {
            panic!("{items:?}")
        };
        assert_eq!(role.labels, ["aws_iam_role", "deploy"]);
        assert!(
            matches!(role.attribute("assume_role_policy"), Some(Expr::Call(name, _)) if name == "jsonencode")
        );
        assert_eq!(
            role.attribute("max_session_duration"),
            Some(&Expr::Number("7200".into()))
        );
        let Some(Expr::Object(tags)) = role.attribute("tags") else {
            panic!()
        };
        assert_eq!(tags[1].1, Expr::Other("1 + 2".into()));
    }

    #[test]
    fn a_heredoc_keeps_its_text() {
        let items = parse("x = <<-EOF\n    {\"a\": \"$${b}\"}\n    EOF\ny = 1\n").expect("parses");
        assert_eq!(
            items[0],
            Item::Attribute(
                "x".into(),
                Expr::Template(vec![Part::Literal("{\"a\": \"${b}\"}\n".into())])
            )
        );
        assert_eq!(
            items[1],
            Item::Attribute("y".into(), Expr::Number("1".into()))
        );
    }

    #[test]
    fn broken_text_is_a_located_error_never_a_panic() {
        let error =
            parse("resource \"aws_iam_role\" \"x\" {\n  name = \"a\n}").expect_err("broken");
        assert_eq!((error.line, error.column), (2, 12));
        for text in [
            "{",
            "a = [",
            "a = {",
            "a = \"${",
            "a = <<EOF\n",
            "a.b",
            "a = f(",
            "x \"y\"",
            "a = 1 +",
            "=",
            "a = [1,,]",
            &"[".repeat(100),
        ] {
            let _ = parse(&format!("a = {text}"));
            let _ = parse(text);
        }
        assert!(parse(&format!("a = {}", "[".repeat(500))).is_err());
    }
}
