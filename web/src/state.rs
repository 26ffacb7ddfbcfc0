//! The page's one state, the actions that change it, and the reducer.
//!
//! The scenario is the source of truth; the report is recomputed from it on
//! every change (the core is fast). A few inputs keep their own draft rows
//! (tags, context keys, transitive keys) so that typing is never disturbed by
//! a lossy round trip through the scenario's maps.

use std::collections::BTreeMap;
use std::rc::Rc;

use assumable_core::claim_keys::claim_keys;
use assumable_core::import::Unwrapped;
use assumable_core::report::{DocumentId, RequestField};
use assumable_core::request_fields::{action_takes, suggest_call, CallKind};
use assumable_core::scenario::{CallerPolicies, ContextValue, Mfa, PolicySource};
use assumable_core::text::TextRange;
use assumable_core::{evaluate, CheckId, Edit, Fix, Location, Report, Scenario};
use serde_json::Value;
use yew::Reducible;

use crate::notices;

/// How many characters one input must add to be read as a paste (which may
/// hold a wrapped document to unwrap).
const PASTE_GROWTH: usize = 16;

/// A document as a sentence names it ("the trust policy").
fn document_noun(document: DocumentId) -> String {
    match document {
        DocumentId::TrustPolicy => "trust policy".to_string(),
        DocumentId::PermissionsBoundary => "permissions boundary".to_string(),
        DocumentId::Identity(n) => format!("identity policy {}", n + 1),
        other => other.label(),
    }
}

/// How many earlier scenarios "Undo" can go back to.
const UNDO_DEPTH: usize = 30;

/// The key under which the scenario keeps the identity policies' names
/// (the contract allows added fields; the evaluator ignores this one).
pub const IDENTITY_NAMES_KEY: &str = "identity_names";

pub const EMPTY_POLICY: &str =
    "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"sts:AssumeRole\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";

#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeyValue {
    pub key: String,
    pub value: String,
}

/// A message shown above the results.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
    /// A button beside the text.
    pub action: Option<NoticeAction>,
    /// Whether the notice ends with what the case needs next, as the case
    /// stands when shown ([`NextStep::of`]): an import's advice follows the
    /// person's edits and goes once the case has what it needs.
    pub advises_next: bool,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Notice {
            text: text.into(),
            is_error: false,
            action: None,
            advises_next: false,
        }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Notice {
            text: text.into(),
            is_error: true,
            action: None,
            advises_next: false,
        }
    }

    pub fn advising_next(mut self) -> Self {
        self.advises_next = true;
        self
    }

    pub fn with_action(mut self, action: NoticeAction) -> Self {
        self.action = Some(action);
        self
    }
}

/// What a case needs next, after an import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NextStep {
    /// The role's trust policy is empty.
    TrustPolicy,
    /// An AssumeRole call with no identity policy of the caller.
    CallerPolicies,
    /// A web identity call none of whose token claims the trust policy
    /// tests is given.
    TokenClaims,
    /// A SAML call none of whose assertion attributes the trust policy
    /// tests is given.
    SamlAttributes,
}

impl NextStep {
    /// The first step `scenario` still needs, if any.
    pub fn of(scenario: &Scenario) -> Option<NextStep> {
        if scenario.role.trust_policy.text().trim().is_empty() {
            Some(NextStep::TrustPolicy)
        } else if scenario
            .caller_policies
            .as_ref()
            .is_none_or(|policies| policies.identity.is_empty())
            && CallKind::of(scenario.request.action.as_deref()) == Some(CallKind::AssumeRole)
        {
            Some(NextStep::CallerPolicies)
        } else {
            Self::federated_facts(scenario)
        }
    }

    /// The token's claims or the assertion's attributes, when the trust
    /// policy tests some and the request gives none of them.
    fn federated_facts(scenario: &Scenario) -> Option<NextStep> {
        let step = match CallKind::of(scenario.request.action.as_deref())? {
            CallKind::WebIdentity => NextStep::TokenClaims,
            CallKind::Saml => NextStep::SamlAttributes,
            CallKind::AssumeRole => return None,
        };
        let tested: Vec<String> = claim_keys(scenario)
            .into_iter()
            .filter(|claim| claim.in_trust)
            .map(|claim| claim.key)
            .collect();
        let given = |key: &String| {
            scenario.request.context.as_ref().is_some_and(|context| {
                context
                    .keys()
                    .any(|written| written.eq_ignore_ascii_case(key))
            })
        };
        (!tested.is_empty() && !tested.iter().any(given)).then_some(step)
    }
}

/// What a notice's button does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeAction {
    /// Brings back the work a link replaced ([`State::draft`]).
    RestoreDraft,
    /// Copies the scenario as JSON (when it could not be saved).
    CopyJson,
    /// Copies saved text that could not be read back, from this key.
    CopyUnreadable(&'static str),
    /// Opens the large link held back ([`State::held_link`]).
    OpenHeldLink,
}

/// A request to bring a location into view, select it and flash it.
#[derive(Clone, Debug, PartialEq)]
pub struct FocusRequest {
    pub location: Location,
    /// Changes on every request, so that clicking twice flashes twice.
    pub nonce: u32,
}

/// A text field of the request or the role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Name,
    Description,
    Action,
    Caller,
    RoleArn,
    SessionName,
    ExternalId,
    Duration,
    MfaSerial,
    MfaAge,
    SourceIp,
    SourceIdentity,
    MaxSessionDuration,
}

/// Which organization policies: service control (caller side) or resource
/// control (role side).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrgKind {
    Scp,
    Rcp,
}

/// Values of request fields the selected action does not take (an external
/// ID or MFA for a web identity call): out of the scenario, so out of the
/// evaluation and the share link, and kept here so that switching back to
/// an action that takes them restores them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HiddenFields {
    pub external_id: Option<String>,
    pub mfa: Option<Mfa>,
    pub role_session_name: Option<String>,
}

impl HiddenFields {
    /// The fields that hold a value, for the form to name.
    pub fn held(&self) -> Vec<RequestField> {
        [
            (RequestField::ExternalId, self.external_id.is_some()),
            (RequestField::Mfa, self.mfa.is_some()),
            (
                RequestField::RoleSessionName,
                self.role_session_name.is_some(),
            ),
        ]
        .into_iter()
        .filter_map(|(field, held)| held.then_some(field))
        .collect()
    }

    /// Moves the values of fields the request's action does not take out of
    /// the request, and those it takes again back in (where the request has
    /// none of its own).
    fn sync(&mut self, request: &mut assumable_core::scenario::Request) {
        let action = request.action.clone();
        let takes = |field: RequestField| action_takes(action.as_deref(), &field);
        swap(
            takes(RequestField::ExternalId),
            &mut request.external_id,
            &mut self.external_id,
        );
        swap(takes(RequestField::Mfa), &mut request.mfa, &mut self.mfa);
        swap(
            takes(RequestField::RoleSessionName),
            &mut request.role_session_name,
            &mut self.role_session_name,
        );
    }
}

/// Puts a value where it belongs: in the request when taken, else aside.
fn swap<T>(taken: bool, in_request: &mut Option<T>, aside: &mut Option<T>) {
    if taken {
        if in_request.is_none() {
            *in_request = aside.take();
        }
    } else if let Some(value) = in_request.take() {
        *aside = Some(value);
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rows {
    Tags,
    Context,
}

pub enum Action {
    /// Replace the whole scenario (example, link, undo target).
    Load {
        scenario: Box<Scenario>,
        remember: bool,
        notice: Option<Notice>,
    },
    SetPolicy(DocumentId, String),
    FormatPolicy(DocumentId),
    AddIdentity,
    RemoveIdentity(usize),
    RenameIdentity(usize, String),
    AddBoundary,
    RemoveBoundary,
    AddLevel(OrgKind),
    RemoveLevel(OrgKind, usize),
    AddOrgPolicy(OrgKind, usize),
    RemoveOrgPolicy(OrgKind, usize, usize),
    SetField(Field, String),
    /// Makes the request the call its trust policy implies (the form's offer).
    UseImpliedCall,
    /// Sets a token claim or SAML key's value in the context (empty removes it).
    SetClaim(String, String),
    SetMfa(bool),
    AddRow(Rows),
    SetRow(Rows, usize, KeyValue),
    RemoveRow(Rows, usize),
    SetTransitive(String),
    /// Drops a request field this version does not know (often a misspelling).
    RemoveUnknownField(String),
    ApplyFix(Fix),
    /// The reader's answer to a paste into an editor: the document it
    /// wrapped, put in place of the paste if the editor still holds it.
    Unwrapped {
        paste: Rc<PastedText>,
        unwrapped: Unwrapped,
    },
    Undo,
    Toggle(CheckId),
    Focus(Location),
    SetNotice(Option<Notice>),
    /// The notice about keeping the work (storage refused or full, saved
    /// text unreadable, a slow case); it stays beside the other notices.
    SetStorageNotice(Option<Notice>),
    /// Opens a link pasted into the open page: the work it replaces becomes
    /// the draft (`draft_stored`: also kept in localStorage).
    OpenLink {
        scenario: Box<Scenario>,
        draft_stored: bool,
    },
    /// Brings back the work a link replaced.
    RestoreDraft,
    /// A large link is held back until the person opens it.
    HoldLink(Box<Scenario>),
    /// Opens the held link (`draft_stored` as for [`Action::OpenLink`]).
    OpenHeldLink {
        draft_stored: bool,
    },
    SetRedact(bool),
    /// Empties everything (request, policies, name, notes) so that nothing
    /// of an example is left in the person's own case; Undo brings it back.
    NewCase,
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub scenario: Rc<Scenario>,
    pub report: Rc<Report>,
    /// Bumped on every change of the scenario; effects key on it.
    pub revision: u64,
    pub undo: Vec<Rc<Scenario>>,
    pub tag_rows: Vec<KeyValue>,
    pub context_rows: Vec<KeyValue>,
    pub transitive_text: String,
    /// Values of fields the selected action does not take ([`HiddenFields`]).
    pub hidden: HiddenFields,
    /// Whether the person chose the action or typed the caller since the
    /// case was loaded: a pasted trust policy then only offers its call.
    pub call_chosen: bool,
    /// Checklist items the person opened or closed by hand.
    pub toggled: BTreeMap<CheckId, bool>,
    pub focus: Option<FocusRequest>,
    pub notice: Option<Notice>,
    pub storage_notice: Option<Notice>,
    /// The saved work a link replaced when the page opened, for Restore.
    pub draft: Option<Rc<Scenario>>,
    /// A large link not yet opened: nothing of it is evaluated until the
    /// person asks ([`notices::held_link`]).
    pub held_link: Option<Rc<Scenario>>,
    /// How long the last evaluation took when it was slow (at least
    /// [`notices::SLOW_EVALUATION_MS`]): such a case is not saved in localStorage.
    pub slow_ms: Option<f64>,
    pub redact: bool,
    /// How many fixes were applied: each one brings the new verdict into view.
    pub fixes_applied: u32,
    /// The text the last applied fix wrote, highlighted until the next change.
    pub changed: Rc<Vec<(DocumentId, TextRange)>>,
    /// The case as it was before the first fix applied to it: what AWS still
    /// holds, so that the commands put the applied fixes into effect too.
    pub before_fixes: Option<Rc<Scenario>>,
    /// The last paste into a policy editor, for the reader to unwrap.
    pub paste_to_unwrap: Option<Rc<PastedText>>,
}

/// A text pasted into a policy editor, and what the editor held before.
#[derive(Clone, Debug, PartialEq)]
pub struct PastedText {
    pub document: DocumentId,
    pub pasted: String,
    pub before: String,
}

impl State {
    pub fn new(scenario: Scenario, notice: Option<Notice>) -> Self {
        let mut state = State {
            scenario: Rc::new(Scenario::default()),
            report: Rc::new(evaluate(&Scenario::default())),
            revision: 0,
            undo: Vec::new(),
            tag_rows: Vec::new(),
            context_rows: Vec::new(),
            transitive_text: String::new(),
            hidden: HiddenFields::default(),
            call_chosen: false,
            toggled: BTreeMap::new(),
            focus: None,
            notice,
            storage_notice: None,
            draft: None,
            held_link: None,
            slow_ms: None,
            redact: false,
            fixes_applied: 0,
            changed: Rc::default(),
            before_fixes: None,
            paste_to_unwrap: None,
        };
        state.replace(scenario);
        state
    }

    /// Installs a new scenario wholesale: drafts follow it, hand toggles reset.
    /// Values of fields its action does not take are set aside (a case
    /// written with them still loads; AWS ignores them anyway).
    fn replace(&mut self, mut scenario: Scenario) {
        self.hidden.sync(&mut scenario.request);
        self.tag_rows = scenario
            .request
            .tags
            .iter()
            .flatten()
            .map(|(key, value)| KeyValue {
                key: key.clone(),
                value: value.clone(),
            })
            .collect();
        self.context_rows = scenario
            .request
            .context
            .iter()
            .flatten()
            .map(|(key, value)| KeyValue {
                key: key.clone(),
                value: context_value_text(value),
            })
            .collect();
        self.transitive_text = scenario
            .request
            .transitive_tag_keys
            .as_ref()
            .map(|keys| keys.join(", "))
            .unwrap_or_default();
        self.toggled.clear();
        self.focus = None;
        self.changed = Rc::default();
        self.set_scenario(scenario);
    }

    fn set_scenario(&mut self, scenario: Scenario) {
        let started = now_ms();
        self.report = Rc::new(evaluate(&scenario));
        self.note_evaluation_time(now_ms() - started);
        self.scenario = Rc::new(scenario);
        self.revision += 1;
    }

    /// A slow evaluation keeps the case out of localStorage (and says so);
    /// a fast one again lets it be saved.
    pub fn note_evaluation_time(&mut self, ms: f64) {
        if ms >= notices::SLOW_EVALUATION_MS {
            self.slow_ms = Some(ms);
            self.storage_notice = Some(notices::slow(ms));
        } else if self.slow_ms.take().is_some() {
            self.storage_notice = None;
        }
    }

    /// The page opened a link over different saved work: it is kept as a
    /// draft that Restore and Undo bring back.
    pub fn keep_draft(&mut self, draft: Scenario) {
        let draft = Rc::new(draft);
        self.undo.push(draft.clone());
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.draft = Some(draft);
    }

    fn remember(&mut self) {
        self.undo.push(self.scenario.clone());
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
    }

    pub fn identity_names(&self) -> Vec<String> {
        identity_names(&self.scenario)
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = (*self).clone();
        let mut scenario = (*state.scenario).clone();
        match action {
            Action::Load {
                scenario: loaded,
                remember,
                notice,
            } => {
                if remember {
                    state.remember();
                }
                state.notice = notice;
                state.forget_call();
                state.replace(*loaded);
                return Rc::new(state);
            }
            Action::SetPolicy(document, text) => {
                let Some(policy) = policy_mut(&mut scenario, document) else {
                    return self;
                };
                if policy.text() == text {
                    return self;
                }
                // A wrapped document pasted in (an `aws iam get-role` output,
                // a Terraform role) is sent to the reader, which may answer
                // with the document itself ([`Action::Unwrapped`]). Only a
                // paste grows a text this much in one input.
                let before = policy.text().to_string();
                if text.len() >= before.len() + PASTE_GROWTH {
                    state.paste_to_unwrap = Some(Rc::new(PastedText {
                        document,
                        pasted: text.clone(),
                        before,
                    }));
                }
                *policy = PolicySource::Text(text);
                if document == DocumentId::TrustPolicy {
                    state.apply_implied_call(&mut scenario);
                }
            }
            Action::FormatPolicy(document) => {
                let Some(policy) = policy_mut(&mut scenario, document) else {
                    return self;
                };
                match serde_json::from_str::<Value>(policy.text()) {
                    Ok(value) => {
                        let pretty = serde_json::to_string_pretty(&value).unwrap_or_default();
                        if pretty == policy.text() {
                            return self;
                        }
                        *policy = PolicySource::Text(pretty);
                    }
                    Err(error) => {
                        state.notice = Some(Notice::error(format!(
                            "Format needs valid JSON; this document has an error at line {}, column {}.",
                            error.line(),
                            error.column()
                        )));
                        return Rc::new(state);
                    }
                }
            }
            Action::AddIdentity => {
                let count = caller_policies(&mut scenario).identity.len();
                caller_policies(&mut scenario)
                    .identity
                    .push(PolicySource::Text(EMPTY_POLICY.to_string()));
                let mut names = identity_names(&scenario);
                names.resize(count, String::new());
                names.push(format!("Policy {}", count + 1));
                set_identity_names(&mut scenario, names);
            }
            Action::RemoveIdentity(index) => {
                let policies = caller_policies(&mut scenario);
                if index >= policies.identity.len() {
                    return self;
                }
                policies.identity.remove(index);
                let mut names = identity_names(&scenario);
                if index < names.len() {
                    names.remove(index);
                }
                set_identity_names(&mut scenario, names);
                state.remember();
            }
            Action::RenameIdentity(index, name) => {
                let count = scenario
                    .caller_policies
                    .as_ref()
                    .map_or(0, |policies| policies.identity.len());
                let mut names = identity_names(&scenario);
                names.resize(count.max(index + 1), String::new());
                if let Some(slot) = names.get_mut(index) {
                    *slot = name;
                }
                set_identity_names(&mut scenario, names);
            }
            Action::AddBoundary => {
                caller_policies(&mut scenario).permissions_boundary =
                    Some(PolicySource::Text(EMPTY_POLICY.to_string()));
            }
            Action::RemoveBoundary => {
                caller_policies(&mut scenario).permissions_boundary = None;
                state.remember();
            }
            Action::AddLevel(kind) => {
                org_levels(&mut scenario, kind)
                    .push(vec![PolicySource::Text(full_access_policy(kind))]);
            }
            Action::RemoveLevel(kind, level) => {
                let levels = org_levels(&mut scenario, kind);
                if level >= levels.len() {
                    return self;
                }
                levels.remove(level);
                tidy_org_levels(&mut scenario, kind);
                state.remember();
            }
            Action::AddOrgPolicy(kind, level) => {
                let Some(policies) = org_levels(&mut scenario, kind).get_mut(level) else {
                    return self;
                };
                policies.push(PolicySource::Text(full_access_policy(kind)));
            }
            Action::RemoveOrgPolicy(kind, level, index) => {
                let Some(policies) = org_levels(&mut scenario, kind).get_mut(level) else {
                    return self;
                };
                if index >= policies.len() {
                    return self;
                }
                policies.remove(index);
                state.remember();
            }
            Action::SetField(field, text) => {
                if matches!(field, Field::Action | Field::Caller) {
                    state.call_chosen = true;
                }
                set_field(&mut scenario, field, text)
            }
            Action::UseImpliedCall => {
                let Some(suggestion) = suggest_call(&scenario) else {
                    return self;
                };
                if let Some(action) = suggestion.action {
                    scenario.request.action = Some(action.to_string());
                }
                if let Some(caller) = suggestion.caller {
                    scenario.request.caller = caller;
                }
                state.call_chosen = true;
            }
            Action::SetClaim(key, value) => {
                let rows = &mut state.context_rows;
                let at = rows
                    .iter()
                    .position(|row| row.key.eq_ignore_ascii_case(&key));
                match (at, value.is_empty()) {
                    (Some(index), true) => {
                        rows.remove(index);
                    }
                    (Some(index), false) => {
                        if let Some(row) = rows.get_mut(index) {
                            row.value = value;
                        }
                    }
                    (None, true) => return self,
                    (None, false) => rows.push(KeyValue { key, value }),
                }
                state.sync_rows(Rows::Context, &mut scenario);
            }
            Action::SetMfa(on) => {
                scenario.request.mfa = if on {
                    Some(Mfa {
                        serial_number: default_mfa_serial(&scenario.request.caller),
                        age_seconds: Some(60),
                    })
                } else {
                    None
                };
            }
            Action::AddRow(rows) => {
                state.rows_mut(rows).push(KeyValue::default());
                return Rc::new(state);
            }
            Action::SetRow(rows, index, row) => {
                let Some(slot) = state.rows_mut(rows).get_mut(index) else {
                    return self;
                };
                *slot = row;
                state.sync_rows(rows, &mut scenario);
            }
            Action::RemoveRow(rows, index) => {
                if index >= state.rows_mut(rows).len() {
                    return self;
                }
                state.rows_mut(rows).remove(index);
                state.sync_rows(rows, &mut scenario);
            }
            Action::SetTransitive(text) => {
                let keys: Vec<String> = text
                    .split(',')
                    .map(str::trim)
                    .filter(|key| !key.is_empty())
                    .map(str::to_string)
                    .collect();
                scenario.request.transitive_tag_keys = (!keys.is_empty()).then_some(keys);
                state.transitive_text = text;
            }
            Action::RemoveUnknownField(key) => {
                if scenario.request.unknown.remove(&key).is_none() {
                    return self;
                }
            }
            Action::ApplyFix(fix) => match assumable_core::fix::apply_fix(&scenario, &fix) {
                Ok(fixed) => {
                    state.remember();
                    if state.before_fixes.is_none() {
                        state.before_fixes = Some(state.scenario.clone());
                    }
                    state.notice = Some(Notice::info(format!(
                        "Applied: {}.",
                        fix.title.trim_end_matches('.')
                    )));
                    state.replace(fixed);
                    state.changed = Rc::new(changed_ranges(&scenario, &fix));
                    state.fixes_applied += 1;
                    return Rc::new(state);
                }
                Err(error) => {
                    state.notice = Some(Notice::error(format!(
                        "The fix could not be applied: {error}"
                    )));
                    return Rc::new(state);
                }
            },
            Action::Unwrapped { paste, unwrapped } => {
                let Some(policy) = policy_mut(&mut scenario, paste.document) else {
                    return self;
                };
                // Typed over since: the person's text wins.
                if policy.text() != paste.pasted {
                    return self;
                }
                *policy = PolicySource::Text(unwrapped.text);
                // Undo brings back the editor as it was before the paste.
                let mut before_paste = (*state.scenario).clone();
                if let Some(policy) = policy_mut(&mut before_paste, paste.document) {
                    *policy = PolicySource::Text(paste.before.clone());
                }
                state.undo.push(Rc::new(before_paste));
                if state.undo.len() > UNDO_DEPTH {
                    state.undo.remove(0);
                }
                state.notice = Some(Notice::info(format!(
                    "Took the {} out of the pasted {}. Undo brings back the text before the paste.",
                    document_noun(paste.document),
                    unwrapped.wrapper
                )));
                state.paste_to_unwrap = None;
            }
            Action::Undo => {
                let Some(previous) = state.undo.pop() else {
                    return self;
                };
                state.notice = Some(Notice::info("Undone: the previous scenario is back."));
                if state.before_fixes.as_deref() == Some(&*previous) {
                    state.before_fixes = None;
                }
                state.replace((*previous).clone());
                return Rc::new(state);
            }
            Action::Toggle(check) => {
                let open = is_open(&state.report, &state.toggled, check);
                state.toggled.insert(check, !open);
                return Rc::new(state);
            }
            Action::Focus(location) => {
                let nonce = state.focus.as_ref().map_or(1, |focus| focus.nonce + 1);
                state.focus = Some(FocusRequest { location, nonce });
                return Rc::new(state);
            }
            Action::SetNotice(notice) => {
                if state.notice == notice {
                    return self;
                }
                state.notice = notice;
                return Rc::new(state);
            }
            Action::SetStorageNotice(notice) => {
                if state.storage_notice == notice {
                    return self;
                }
                state.storage_notice = notice;
                return Rc::new(state);
            }
            Action::OpenLink {
                scenario: linked,
                draft_stored,
            } => {
                if *linked == *state.scenario {
                    return self;
                }
                let current = (*state.scenario).clone();
                state.forget_call();
                state.replace(*linked);
                state.keep_draft(current);
                // Issue #11 (redacted links): a redacted case says so first.
                state.notice = notices::with_redacted_link(
                    &state.scenario,
                    Some(notices::link_over_work(draft_stored)),
                );
                return Rc::new(state);
            }
            Action::HoldLink(linked) => {
                state.notice = Some(notices::held_link(notices::case_weight(&linked)));
                state.held_link = Some(Rc::new(*linked));
                return Rc::new(state);
            }
            Action::OpenHeldLink { draft_stored } => {
                let Some(linked) = state.held_link.take() else {
                    return self;
                };
                return Rc::new(state).reduce(Action::OpenLink {
                    scenario: Box::new((*linked).clone()),
                    draft_stored,
                });
            }
            Action::RestoreDraft => {
                let Some(draft) = state.draft.take() else {
                    return self;
                };
                state.remember();
                state.notice = Some(notices::restored());
                state.forget_call();
                state.replace((*draft).clone());
                return Rc::new(state);
            }
            Action::SetRedact(redact) => {
                state.redact = redact;
                return Rc::new(state);
            }
            Action::NewCase => {
                if *state.scenario == Scenario::default() {
                    return self;
                }
                state.remember();
                state.notice = Some(Notice::info(
                    "A new, empty case. Undo brings the previous one back.",
                ));
                state.before_fixes = None;
                state.replace(Scenario::default());
                return Rc::new(state);
            }
        }
        state.hidden.sync(&mut scenario.request);
        if scenario == *state.scenario {
            return self;
        }
        // The highlighted ranges no longer match an edited text.
        state.changed = Rc::default();
        state.set_scenario(scenario);
        Rc::new(state)
    }
}

impl State {
    /// A new case: its call is its own until the person chooses another.
    fn forget_call(&mut self) {
        self.call_chosen = false;
        self.hidden = HiddenFields::default();
        self.before_fixes = None;
    }

    /// A trust policy just edited that trusts only one kind of identity
    /// provider makes the request that provider's call, unless the person
    /// chose the action or caller, or the trust already implied the call
    /// before the edit (then the form offers it instead: a choice is never
    /// overridden silently). Says what it changed.
    fn apply_implied_call(&mut self, scenario: &mut Scenario) {
        if self.call_chosen {
            return;
        }
        let Some(suggestion) = suggest_call(scenario) else {
            return;
        };
        if suggest_call(&self.scenario).is_some() {
            return;
        }
        let mut changed = Vec::new();
        if let Some(action) = suggestion.action {
            scenario.request.action = Some(action.to_string());
            changed.push(format!("the action to `{action}`"));
        }
        if let Some(caller) = suggestion.caller {
            changed.push(format!("the caller to `{caller}`"));
            scenario.request.caller = caller;
        }
        self.notice = Some(Notice::info(format!(
            "{} The request form now sets {}; choose another action there if this is not the call.",
            suggestion.reason,
            changed.join(" and ")
        )));
    }

    fn rows_mut(&mut self, rows: Rows) -> &mut Vec<KeyValue> {
        match rows {
            Rows::Tags => &mut self.tag_rows,
            Rows::Context => &mut self.context_rows,
        }
    }

    /// Writes draft rows into the scenario; rows without a key are drafts only.
    fn sync_rows(&self, rows: Rows, scenario: &mut Scenario) {
        match rows {
            Rows::Tags => {
                let tags: BTreeMap<String, String> = self
                    .tag_rows
                    .iter()
                    .filter(|row| !row.key.is_empty())
                    .map(|row| (row.key.clone(), row.value.clone()))
                    .collect();
                scenario.request.tags = (!tags.is_empty()).then_some(tags);
            }
            Rows::Context => {
                let context: BTreeMap<String, ContextValue> = self
                    .context_rows
                    .iter()
                    .filter(|row| !row.key.is_empty())
                    .map(|row| (row.key.clone(), parse_context_value(&row.value)))
                    .collect();
                scenario.request.context = (!context.is_empty()).then_some(context);
            }
        }
    }
}

/// Whether a checklist item is open: by hand if toggled, else the check to
/// fix first.
pub fn is_open(report: &Report, toggled: &BTreeMap<CheckId, bool>, check: CheckId) -> bool {
    toggled
        .get(&check)
        .copied()
        .unwrap_or_else(|| report.first_to_fix().is_some_and(|first| first.id == check))
}

/// Where each text edit of `fix` lands in the fixed scenario's documents:
/// the text the editors highlight after Apply.
fn changed_ranges(scenario: &Scenario, fix: &Fix) -> Vec<(DocumentId, TextRange)> {
    let mut changed = Vec::new();
    let mut replaced: BTreeMap<DocumentId, Vec<(TextRange, usize)>> = BTreeMap::new();
    for edit in &fix.edits {
        match edit {
            Edit::Text { replacement, .. } => {
                let document = edit.document();
                let range =
                    policy(scenario, document).and_then(|source| edit.byte_range(source.text()));
                if let Some(range) = range {
                    replaced
                        .entry(document)
                        .or_default()
                        .push((range, replacement.len()));
                }
            }
            Edit::Document { replacement, .. } => {
                changed.push((edit.document(), TextRange::new(0, replacement.len())));
            }
            Edit::Field { .. } => {}
        }
    }
    for (document, mut edits) in replaced {
        // Each edit shifts the ones after it by the change in length.
        edits.sort_by_key(|(range, _)| range.start);
        let mut shift: isize = 0;
        for (range, new_len) in edits {
            let start = range.start.saturating_add_signed(shift);
            changed.push((document, TextRange::new(start, start + new_len)));
            shift += new_len as isize - range.len() as isize;
        }
    }
    changed
}

/// Milliseconds on a clock that only moves forward within a page's life.
fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::time::{SystemTime, UNIX_EPOCH};
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |elapsed| elapsed.as_secs_f64() * 1000.0)
    }
}

pub use assumable_core::fix::policy;
use assumable_core::fix::policy_slot as policy_mut;

fn caller_policies(scenario: &mut Scenario) -> &mut CallerPolicies {
    scenario
        .caller_policies
        .get_or_insert_with(Default::default)
}

fn org_levels(scenario: &mut Scenario, kind: OrgKind) -> &mut Vec<Vec<PolicySource>> {
    match kind {
        OrgKind::Scp => caller_policies(scenario).scps.get_or_insert_with(Vec::new),
        OrgKind::Rcp => scenario.role.rcps.get_or_insert_with(Vec::new),
    }
}

/// No levels at all is "no organization policies", not "an empty organization".
fn tidy_org_levels(scenario: &mut Scenario, kind: OrgKind) {
    match kind {
        OrgKind::Scp => {
            if let Some(policies) = scenario.caller_policies.as_mut() {
                if policies.scps.as_ref().is_some_and(Vec::is_empty) {
                    policies.scps = None;
                }
            }
        }
        OrgKind::Rcp => {
            if scenario.role.rcps.as_ref().is_some_and(Vec::is_empty) {
                scenario.role.rcps = None;
            }
        }
    }
}

/// AWS attaches `FullAWSAccess` (SCP) and `RCPFullAWSAccess` (RCP) to every
/// level by default; a new level starts as that.
fn full_access_policy(kind: OrgKind) -> String {
    let principal = match kind {
        OrgKind::Scp => "",
        OrgKind::Rcp => "\n      \"Principal\": \"*\",",
    };
    format!(
        "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {{\n      \"Effect\": \"Allow\",{principal}\n      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }}\n  ]\n}}"
    )
}

pub fn identity_names(scenario: &Scenario) -> Vec<String> {
    scenario
        .unknown
        .get(IDENTITY_NAMES_KEY)
        .and_then(Value::as_array)
        .map(|names| {
            names
                .iter()
                .map(|name| name.as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn set_identity_names(scenario: &mut Scenario, names: Vec<String>) {
    if names.iter().all(String::is_empty) {
        scenario.unknown.remove(IDENTITY_NAMES_KEY);
    } else {
        scenario.unknown.insert(
            IDENTITY_NAMES_KEY.to_string(),
            Value::Array(names.into_iter().map(Value::String).collect()),
        );
    }
}

fn default_mfa_serial(caller: &str) -> Option<String> {
    // arn:aws:iam::ACCOUNT:user/NAME -> arn:aws:iam::ACCOUNT:mfa/NAME
    let (prefix, user) = caller.split_once(":user/")?;
    let name = user.rsplit('/').next()?;
    Some(format!("{prefix}:mfa/{name}"))
}

fn optional(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

/// A number field: an integer when it is one, else the text as typed, so that
/// the evaluator reports the wrong type instead of the page hiding it.
fn number_value(text: &str) -> Option<Value> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    if let Ok(number) = trimmed.parse::<i64>() {
        return Some(Value::from(number));
    }
    Some(
        serde_json::from_str::<Value>(trimmed)
            .ok()
            .filter(Value::is_number)
            .unwrap_or_else(|| Value::String(text.to_string())),
    )
}

pub fn value_text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

fn set_field(scenario: &mut Scenario, field: Field, text: String) {
    let request = &mut scenario.request;
    match field {
        Field::Name => scenario.name = optional(text),
        Field::Description => scenario.description = optional(text),
        Field::Action => request.action = optional(text),
        Field::Caller => request.caller = text,
        Field::RoleArn => request.role_arn = text,
        Field::SessionName => request.role_session_name = optional(text),
        Field::ExternalId => request.external_id = optional(text),
        Field::Duration => request.duration_seconds = number_value(&text),
        Field::MfaSerial => {
            request.mfa.get_or_insert_with(Mfa::default).serial_number = optional(text)
        }
        Field::MfaAge => {
            request.mfa.get_or_insert_with(Mfa::default).age_seconds = text.trim().parse().ok()
        }
        Field::SourceIp => request.source_ip = optional(text),
        Field::SourceIdentity => request.source_identity = optional(text),
        Field::MaxSessionDuration => scenario.role.max_session_duration = number_value(&text),
    }
}

/// A context value as the page shows it: one string as is, several as a JSON array.
pub fn context_value_text(value: &ContextValue) -> String {
    match value {
        ContextValue::One(text) => text.clone(),
        ContextValue::Many(values) => serde_json::to_string(values).unwrap_or_default(),
    }
}

fn parse_context_value(text: &str) -> ContextValue {
    if text.trim_start().starts_with('[') {
        if let Ok(values) = serde_json::from_str::<Vec<String>>(text) {
            return ContextValue::Many(values);
        }
    }
    ContextValue::One(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use assumable_core::report::{Applicability, Changes};

    /// A web identity call whose trust tests token claims asks for the
    /// claims once the trust is there, and no longer once one is given; an
    /// AssumeRole call never asks for claims.
    #[test]
    fn the_next_step_of_a_web_identity_call_is_its_token_claims() {
        let mut scenario = Scenario::default();
        scenario.request.action = Some("sts:AssumeRoleWithWebIdentity".into());
        scenario.request.caller = "token.actions.githubusercontent.com".into();
        assert_eq!(NextStep::of(&scenario), Some(NextStep::TrustPolicy));
        scenario.role.trust_policy = PolicySource::Text(
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/api:*"}}}]}"#
                .into(),
        );
        assert_eq!(NextStep::of(&scenario), Some(NextStep::TokenClaims));
        scenario.request.context = Some(
            [(
                "token.actions.githubusercontent.com:sub".to_string(),
                ContextValue::One("repo:acme/api:pull_request".into()),
            )]
            .into(),
        );
        assert_eq!(NextStep::of(&scenario), None);
        scenario.request.action = Some("sts:AssumeRole".into());
        scenario.caller_policies = Some(CallerPolicies {
            identity: vec![PolicySource::Text("{}".into())],
            ..CallerPolicies::default()
        });
        assert_eq!(NextStep::of(&scenario), None);
    }

    /// A paste into an editor is kept as pasted and handed to the reader;
    /// the reader's answer puts the document in its place, and Undo brings
    /// back the text before the paste. Typing is never handed over, and an
    /// answer for a text typed over since is dropped.
    #[test]
    fn a_paste_is_handed_to_the_reader_and_its_answer_is_undoable() {
        let get_role = r#"{"Role": {"RoleName": "Deploy", "Arn": "arn:aws:iam::444455556666:role/Deploy",
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}}}"#;
        let state = Rc::new(State::new(Scenario::default(), None));
        let pasted = state.clone().reduce(Action::SetPolicy(
            DocumentId::TrustPolicy,
            get_role.to_string(),
        ));
        assert_eq!(pasted.scenario.role.trust_policy.text(), get_role);
        let paste = pasted
            .paste_to_unwrap
            .clone()
            .expect("handed to the reader");
        assert_eq!(
            (paste.document, paste.before.as_str()),
            (DocumentId::TrustPolicy, "")
        );
        let answer = |paste: Rc<PastedText>| Action::Unwrapped {
            paste,
            unwrapped: Unwrapped {
                text: "{\"Version\": \"2012-10-17\", \"Statement\": []}".into(),
                wrapper: "`aws iam get-role` output".into(),
            },
        };
        let unwrapped = pasted.clone().reduce(answer(paste.clone()));
        assert!(unwrapped
            .scenario
            .role
            .trust_policy
            .text()
            .starts_with("{\"Version\""));
        let notice = unwrapped
            .notice
            .as_ref()
            .map(|n| n.text.clone())
            .unwrap_or_default();
        assert!(
            notice.contains("Took the trust policy out of the pasted"),
            "{notice}"
        );
        assert_eq!(
            unwrapped
                .reduce(Action::Undo)
                .scenario
                .role
                .trust_policy
                .text(),
            ""
        );
        // Typed over before the answer came: the answer is dropped.
        let typed_over = pasted.reduce(Action::SetPolicy(DocumentId::TrustPolicy, "{".into()));
        let late = typed_over.clone().reduce(answer(paste));
        assert_eq!(late.scenario.role.trust_policy.text(), "{");
        // One character at a time is typing: nothing for the reader.
        let typed = state.reduce(Action::SetPolicy(DocumentId::TrustPolicy, "{".to_string()));
        assert!(typed.paste_to_unwrap.is_none());
    }

    #[test]
    fn applied_text_edits_are_highlighted_where_they_land() {
        let scenario = Scenario {
            role: assumable_core::scenario::Role {
                trust_policy: PolicySource::Text("ab\ncd\nef".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        let edit = |line, replacement: &str| Edit::Text {
            document: DocumentId::TrustPolicy,
            line,
            column: 1,
            end_line: line,
            end_column: 3,
            replacement: replacement.into(),
        };
        let fix = Fix {
            title: "t".into(),
            detail: String::new(),
            changes: Changes::Policy,
            applicability: Applicability::Safe,
            admits: String::new(),
            edits: vec![edit(3, "XY"), edit(1, "long")],
        };
        let state = Rc::new(State::new(scenario, None)).reduce(Action::ApplyFix(fix));
        let text = state.scenario.role.trust_policy.text().to_string();
        assert_eq!(text, "long\ncd\nXY");
        let changed: Vec<&str> = state
            .changed
            .iter()
            .map(|(_, range)| range.slice(&text))
            .collect();
        assert_eq!(changed, ["long", "XY"]);
        assert_eq!(state.fixes_applied, 1);
        let edited = state.reduce(Action::SetPolicy(DocumentId::TrustPolicy, "{}".into()));
        assert!(edited.changed.is_empty(), "stale after an edit");
    }

    fn state() -> Rc<State> {
        Rc::new(State::new(Scenario::default(), None))
    }

    #[test]
    fn editing_a_policy_makes_it_pasted_text_and_bumps_the_revision() {
        let before = state();
        let after = before
            .clone()
            .reduce(Action::SetPolicy(DocumentId::TrustPolicy, "{".into()));
        assert_eq!(
            after.scenario.role.trust_policy,
            PolicySource::Text("{".into())
        );
        assert_eq!(after.revision, before.revision + 1);
    }

    /// A scenario told apart by its name.
    fn named(name: &str) -> Scenario {
        Scenario {
            name: Some(name.into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_draft_kept_by_a_link_comes_back_by_restore_or_undo() {
        let (mine, linked) = (named("mine"), named("linked"));
        let mut opened = State::new(linked.clone(), None);
        opened.keep_draft(mine.clone());
        let opened = Rc::new(opened);

        let restored = opened.clone().reduce(Action::RestoreDraft);
        assert_eq!(*restored.scenario, mine);
        assert_eq!(restored.draft, None);
        let back = restored.reduce(Action::Undo);
        assert_eq!(*back.scenario, linked);

        let undone = opened.reduce(Action::Undo);
        assert_eq!(*undone.scenario, mine);
    }

    #[test]
    fn a_held_link_opens_only_when_asked_and_keeps_the_work_it_replaces() {
        let (mine, linked) = (named("mine"), named("linked"));
        let held = Rc::new(State::new(mine.clone(), None))
            .reduce(Action::HoldLink(Box::new(linked.clone())));
        assert_eq!(*held.scenario, mine, "nothing of the link is evaluated yet");
        assert_eq!(held.held_link.as_deref(), Some(&linked));
        assert_eq!(
            held.notice.as_ref().and_then(|n| n.action),
            Some(NoticeAction::OpenHeldLink)
        );
        let dismissed = held.clone().reduce(Action::SetNotice(None));
        assert_eq!(*dismissed.scenario, mine);
        let opened = held.reduce(Action::OpenHeldLink { draft_stored: true });
        assert_eq!(*opened.scenario, linked);
        assert_eq!(opened.draft.as_deref(), Some(&mine));
        assert_eq!(opened.held_link, None);
    }

    #[test]
    fn a_link_pasted_into_the_page_keeps_the_work_it_replaces() {
        let (mine, linked) = (named("mine"), named("linked"));
        let opened = Rc::new(State::new(mine.clone(), None)).reduce(Action::OpenLink {
            scenario: Box::new(linked.clone()),
            draft_stored: true,
        });
        assert_eq!(*opened.scenario, linked);
        assert_eq!(
            opened.notice.as_ref().and_then(|notice| notice.action),
            Some(NoticeAction::RestoreDraft)
        );
        let restored = opened.reduce(Action::RestoreDraft);
        assert_eq!(*restored.scenario, mine);
    }

    #[test]
    fn a_slow_evaluation_keeps_the_case_out_of_storage_until_a_fast_one() {
        let mut current = State::new(Scenario::default(), None);
        current.note_evaluation_time(2500.0);
        assert_eq!(current.slow_ms, Some(2500.0));
        assert!(current
            .storage_notice
            .as_ref()
            .is_some_and(|notice| notice.text.contains("2.5 s")));
        current.note_evaluation_time(3.0);
        assert_eq!(current.slow_ms, None);
        assert_eq!(current.storage_notice, None);
    }

    #[test]
    fn a_new_case_empties_everything_and_undo_brings_the_case_back() {
        let mut case = named("example");
        case.description = Some("story".into());
        case.request.duration_seconds = Some(Value::from(3601));
        case.role.max_session_duration = Some(Value::from(7200));
        case.request.tags = Some(BTreeMap::from([("team".into(), "a".into())]));
        let loaded = Rc::new(State::new(case.clone(), None));
        let emptied = loaded.reduce(Action::NewCase);
        assert_eq!(*emptied.scenario, Scenario::default());
        assert!(emptied.tag_rows.is_empty());
        assert!(emptied.notice.is_some());
        let again = emptied.clone().reduce(Action::NewCase);
        assert!(Rc::ptr_eq(&emptied, &again), "an empty case stays as it is");
        let back = emptied.reduce(Action::Undo);
        assert_eq!(*back.scenario, case);
        assert_eq!(back.tag_rows.len(), 1);
    }

    #[test]
    fn unchanged_input_keeps_the_same_state() {
        let before = state();
        let after = before
            .clone()
            .reduce(Action::SetField(Field::Caller, String::new()));
        assert!(Rc::ptr_eq(&before, &after));
    }

    #[test]
    fn identity_policies_keep_their_names_when_one_is_removed() {
        let mut current = state();
        current = current.reduce(Action::AddIdentity);
        current = current.reduce(Action::AddIdentity);
        current = current.reduce(Action::RenameIdentity(1, "second".into()));
        current = current.reduce(Action::RemoveIdentity(0));
        assert_eq!(current.identity_names(), vec!["second".to_string()]);
        current = current.reduce(Action::Undo);
        assert_eq!(current.identity_names().len(), 2);
    }

    #[test]
    fn identity_names_survive_a_round_trip_through_json_and_links() {
        let mut current = state();
        current = current.reduce(Action::AddIdentity);
        current = current.reduce(Action::RenameIdentity(0, "deploy".into()));
        let json = current.scenario.to_json_pretty();
        let back = Scenario::from_json(&json).expect("valid scenario");
        assert_eq!(identity_names(&back), vec!["deploy".to_string()]);
        let link = assumable_core::share::encode_fragment(&current.scenario);
        let back = assumable_core::share::decode_fragment(&link).expect("valid link");
        assert_eq!(identity_names(&back), vec!["deploy".to_string()]);
    }

    #[test]
    fn rows_without_a_key_are_drafts() {
        let mut current = state();
        current = current.reduce(Action::AddRow(Rows::Tags));
        assert_eq!(current.scenario.request.tags, None);
        current = current.reduce(Action::SetRow(
            Rows::Tags,
            0,
            KeyValue {
                key: "project".into(),
                value: "apollo".into(),
            },
        ));
        assert_eq!(
            current.scenario.request.tags,
            Some(BTreeMap::from([("project".into(), "apollo".into())]))
        );
    }

    #[test]
    fn numbers_stay_numbers_and_other_text_is_kept_for_the_evaluator() {
        assert_eq!(number_value("3600"), Some(Value::from(3600)));
        assert_eq!(number_value(""), None);
        assert_eq!(number_value("1h"), Some(Value::String("1h".into())));
    }

    #[test]
    fn mfa_serial_follows_the_user_name() {
        assert_eq!(
            default_mfa_serial("arn:aws:iam::111111111111:user/ops/deployer").as_deref(),
            Some("arn:aws:iam::111111111111:mfa/deployer")
        );
    }

    const GITHUB_TRUST: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}]}"#;
    const GITHUB_PROVIDER: &str =
        "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";

    /// An AssumeRole case by an IAM user with an external ID and MFA.
    fn iam_case() -> Scenario {
        let mut scenario = named("iam");
        scenario.request.caller = "arn:aws:iam::111111111111:user/ci".into();
        scenario.request.role_arn = "arn:aws:iam::123456789012:role/deploy".into();
        scenario.request.external_id = Some("ext-1".into());
        scenario.request.mfa = Some(Mfa {
            serial_number: Some("arn:aws:iam::111111111111:mfa/ci".into()),
            age_seconds: Some(60),
        });
        scenario.role.trust_policy = PolicySource::Text(
            r#"{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}]}"#.into(),
        );
        scenario
    }

    #[test]
    fn fields_an_action_does_not_take_are_set_aside_and_come_back() {
        let current = Rc::new(State::new(iam_case(), None));
        let web = current.reduce(Action::SetField(
            Field::Action,
            "sts:AssumeRoleWithWebIdentity".into(),
        ));
        assert_eq!(
            web.scenario.request.external_id, None,
            "out of the evaluation"
        );
        assert_eq!(web.scenario.request.mfa, None);
        let link = assumable_core::share::encode_fragment(&web.scenario);
        let linked = assumable_core::share::decode_fragment(&link).unwrap();
        assert_eq!(linked.request.external_id, None, "out of the share link");
        assert_eq!(
            web.hidden.held(),
            [RequestField::ExternalId, RequestField::Mfa]
        );
        let saml = web.reduce(Action::SetField(
            Field::Action,
            "sts:AssumeRoleWithSAML".into(),
        ));
        assert_eq!(saml.scenario.request.role_session_name, None);
        let back = saml.reduce(Action::SetField(Field::Action, "sts:AssumeRole".into()));
        assert_eq!(back.scenario.request.external_id.as_deref(), Some("ext-1"));
        assert!(back.scenario.request.mfa.is_some());
        assert!(back.hidden.held().is_empty());
    }

    #[test]
    fn a_case_with_values_its_action_does_not_take_still_loads() {
        let mut case = iam_case();
        case.request.action = Some("sts:AssumeRoleWithWebIdentity".into());
        let loaded = State::new(case, None);
        assert_eq!(loaded.scenario.request.external_id, None);
        assert_eq!(loaded.hidden.external_id.as_deref(), Some("ext-1"));
        let other = Rc::new(loaded).reduce(Action::Load {
            scenario: Box::new(named("other")),
            remember: true,
            notice: None,
        });
        assert!(
            other.hidden.held().is_empty(),
            "a new case sets nothing aside"
        );
    }

    #[test]
    fn a_pasted_federated_trust_makes_the_request_its_call_unless_one_was_chosen() {
        let fresh = Rc::new(State::new(iam_case(), None));
        let pasted = fresh.clone().reduce(Action::SetPolicy(
            DocumentId::TrustPolicy,
            GITHUB_TRUST.into(),
        ));
        assert_eq!(
            pasted.scenario.request.action.as_deref(),
            Some("sts:AssumeRoleWithWebIdentity")
        );
        assert_eq!(pasted.scenario.request.caller, GITHUB_PROVIDER);
        assert!(pasted
            .notice
            .as_ref()
            .is_some_and(|notice| notice.text.contains("trusts only the OIDC provider")));

        let chosen = fresh
            .reduce(Action::SetField(Field::Action, "sts:AssumeRole".into()))
            .reduce(Action::SetPolicy(
                DocumentId::TrustPolicy,
                GITHUB_TRUST.into(),
            ));
        assert_eq!(
            chosen.scenario.request.action.as_deref(),
            Some("sts:AssumeRole"),
            "a choice is not overridden"
        );
        let offered = chosen.reduce(Action::UseImpliedCall);
        assert_eq!(
            offered.scenario.request.action.as_deref(),
            Some("sts:AssumeRoleWithWebIdentity")
        );
        assert_eq!(offered.scenario.request.caller, GITHUB_PROVIDER);
    }

    #[test]
    fn claims_are_context_keys_under_their_full_names() {
        let key = "token.actions.githubusercontent.com:sub";
        let mut current = state();
        current = current.reduce(Action::SetClaim(
            key.into(),
            "repo:acme/app:ref:refs/heads/main".into(),
        ));
        assert_eq!(
            current.scenario.request.context,
            Some(BTreeMap::from([(
                key.to_string(),
                ContextValue::One("repo:acme/app:ref:refs/heads/main".into())
            )]))
        );
        current = current.reduce(Action::SetClaim(key.into(), String::new()));
        assert_eq!(current.scenario.request.context, None);
        assert!(current.context_rows.is_empty());
    }
}
