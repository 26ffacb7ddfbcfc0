//! The request form: every field of the contract's `request` the selected
//! action takes (the core says which: `request_fields`), plus the role's
//! MaxSessionDuration, and for a federated call the token claims or SAML keys
//! its trust tests (`claim_keys`). Validation comes from the report: a
//! failing or warning check that points at a field shows its detail under
//! that field.

use std::rc::Rc;

use assumable_core::claim_keys::{claim_keys, ClaimKey};
use assumable_core::report::RequestField;
use assumable_core::request_fields::{action_takes, suggest_call, CallKind, ACTIONS};
use assumable_core::{Report, Scenario, Status};
use yew::prelude::*;

use crate::state::{value_text, Action, Field, HiddenFields, KeyValue, Rows};
use crate::view::{field_within, input_checked, input_value, rich, select_value};

/// Problems the report locates at a field (`tags` also matches `tags.project`).
fn problems(report: &Report, field: &RequestField) -> Vec<(Status, String)> {
    let document = field.document();
    report
        .checks
        .iter()
        .filter(|check| matches!(check.status, Status::Fail | Status::Warn))
        .filter(|check| {
            check.locations.iter().any(|location| {
                location.document == document
                    && location
                        .field
                        .as_ref()
                        .is_some_and(|located| field_within(located, field))
            })
        })
        .map(|check| (check.status, check.detail.to_string()))
        .collect()
}

#[derive(Properties, PartialEq)]
struct FieldProps {
    /// The contract's field name; the input's id is `field-<name>`.
    name: AttrValue,
    label: AttrValue,
    value: String,
    #[prop_or_default]
    hint: Option<AttrValue>,
    #[prop_or_default]
    placeholder: Option<AttrValue>,
    #[prop_or(AttrValue::Static("text"))]
    kind: AttrValue,
    #[prop_or_default]
    inputmode: Option<AttrValue>,
    problems: Vec<(Status, String)>,
    on_change: Callback<String>,
}

#[component]
fn TextField(props: &FieldProps) -> Html {
    let id = format!("field-{}", props.name);
    let message_id = format!("{id}-message");
    let has_error = props
        .problems
        .iter()
        .any(|(status, _)| *status == Status::Fail);
    let oninput = props
        .on_change
        .reform(|event: InputEvent| input_value(&event));
    let described =
        (props.hint.is_some() || !props.problems.is_empty()).then(|| message_id.clone());
    html! {
        <div class={classes!("field", has_error.then_some("invalid"))}>
            <label for={id.clone()}>{ props.label.clone() }</label>
            <input
                {id}
                type={props.kind.clone()}
                inputmode={props.inputmode.clone()}
                value={props.value.clone()}
                placeholder={props.placeholder.clone()}
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                aria-invalid={has_error.then_some("true")}
                aria-describedby={described}
                {oninput}
            />
            <div id={message_id} class="field-message">
                { for props.problems.iter().map(|(status, text)| html! {
                    <p class={classes!("problem", if *status == Status::Fail { "fail" } else { "warn" })}>
                        <span aria-hidden="true">{ if *status == Status::Fail { "✗ " } else { "! " } }</span>
                        { rich(text) }
                    </p>
                }) }
                if let Some(hint) = &props.hint {
                    <p class="hint">{ hint.clone() }</p>
                }
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct RequestFormProps {
    pub scenario: Rc<Scenario>,
    pub report: Rc<Report>,
    pub tag_rows: Vec<KeyValue>,
    pub context_rows: Vec<KeyValue>,
    pub transitive_text: String,
    /// Values set aside because the action does not take their fields.
    pub hidden: HiddenFields,
    pub on_action: Callback<Action>,
}

#[component]
pub fn RequestForm(props: &RequestFormProps) -> Html {
    let request = &props.scenario.request;
    let report = &props.report;
    let set = |field: Field| {
        props
            .on_action
            .reform(move |text: String| Action::SetField(field, text))
    };
    let at = |field: RequestField| problems(report, &field);
    let action = request.action().to_string();
    let on_select_action = props
        .on_action
        .reform(|event: Event| Action::SetField(Field::Action, select_value(&event)));
    let mfa_on = request.mfa.is_some();
    let on_mfa = props
        .on_action
        .reform(|event: Event| Action::SetMfa(input_checked(&event)));
    let mfa = request.mfa.clone().unwrap_or_default();
    let kind = CallKind::of(request.action.as_deref());
    let web_identity = kind != Some(CallKind::AssumeRole);
    let takes = |field: RequestField| action_takes(request.action.as_deref(), &field);
    let claims = claim_keys(&props.scenario);
    // Context rows a claim row shows are not repeated among the extra keys.
    let extra_rows: Vec<(usize, KeyValue)> = props
        .context_rows
        .iter()
        .cloned()
        .enumerate()
        .filter(|(_, row)| {
            !claims
                .iter()
                .any(|claim| claim.key.eq_ignore_ascii_case(&row.key))
        })
        .collect();
    let suggestion = suggest_call(&props.scenario);
    let held = props.hidden.held();

    html! {
        <section class="panel request" aria-labelledby="request-heading">
            <h2 id="request-heading">{ "The request" }</h2>
            if let Some(suggestion) = suggestion {
                <div class="call-suggestion" id="call-suggestion">
                    <p>{ rich(&suggestion.reason) }</p>
                    <button type="button" class="small" id="use-implied-call"
                        onclick={props.on_action.reform(|_: MouseEvent| Action::UseImpliedCall)}>
                        { suggestion_label(suggestion.action, suggestion.caller.as_deref()) }
                    </button>
                </div>
            }
            <div class="fields">
                <div class={classes!("field", (!at(RequestField::Action).is_empty()).then_some("invalid"))}>
                    <label for="field-action">{ "Action" }</label>
                    <select id="field-action" onchange={on_select_action}>
                        { for ACTIONS.iter().map(|name| html! {
                            <option value={*name} selected={action == *name}>{ *name }</option>
                        }) }
                        if !ACTIONS.contains(&action.as_str()) {
                            <option value={action.clone()} selected=true>{ action.clone() }</option>
                        }
                    </select>
                </div>
                <TextField name="caller" label={if web_identity { "Identity provider" } else { "Caller" }}
                    value={request.caller.clone()}
                    placeholder={match kind {
                        Some(CallKind::WebIdentity) => "token.actions.githubusercontent.com",
                        Some(CallKind::Saml) => "arn:aws:iam::111111111111:saml-provider/NAME",
                        _ => "arn:aws:iam::111111111111:user/deployer",
                    }}
                    hint={Some(AttrValue::from(if kind == Some(CallKind::WebIdentity) {
                        "The OIDC provider that issued the token: its oidc-provider ARN or issuer host."
                    } else if kind == Some(CallKind::Saml) {
                        "The SAML provider's saml-provider ARN (the call's PrincipalArn)."
                    } else if web_identity {
                        "The OIDC or SAML provider (ARN or issuer host)."
                    } else {
                        "Who calls: a user, role session, root or service principal."
                    }))}
                    problems={at(RequestField::Caller)} on_change={set(Field::Caller)} />
                <TextField name="role_arn" label="Role ARN" value={request.role_arn.clone()}
                    placeholder="arn:aws:iam::222222222222:role/DeployRole"
                    problems={at(RequestField::RoleArn)} on_change={set(Field::RoleArn)} />
                if takes(RequestField::RoleSessionName) {
                    <TextField name="role_session_name" label="Session name"
                        value={request.role_session_name.clone().unwrap_or_default()}
                        placeholder="deploy-session"
                        problems={at(RequestField::RoleSessionName)} on_change={set(Field::SessionName)} />
                }
                if takes(RequestField::ExternalId) {
                    <TextField name="external_id" label="External ID"
                        value={request.external_id.clone().unwrap_or_default()}
                        hint={Some(AttrValue::from("Empty means the call passes none."))}
                        problems={at(RequestField::ExternalId)} on_change={set(Field::ExternalId)} />
                }
                <TextField name="duration_seconds" label="Duration (seconds)"
                    value={value_text(request.duration_seconds.as_ref())}
                    placeholder="3600" inputmode={Some(AttrValue::from("numeric"))}
                    problems={at(RequestField::DurationSeconds)} on_change={set(Field::Duration)} />
                <TextField name="max_session_duration" label="Role's maximum session (seconds)"
                    value={value_text(props.scenario.role.max_session_duration.as_ref())}
                    placeholder="3600" inputmode={Some(AttrValue::from("numeric"))}
                    problems={at(RequestField::MaxSessionDuration)}
                    on_change={set(Field::MaxSessionDuration)} />
                <TextField name="source_ip" label="Source IP" value={request.source_ip.clone().unwrap_or_default()}
                    placeholder="203.0.113.10"
                    problems={at(RequestField::SourceIp)} on_change={set(Field::SourceIp)} />
                <TextField name="source_identity" label="Source identity"
                    value={request.source_identity.clone().unwrap_or_default()}
                    problems={at(RequestField::SourceIdentity)} on_change={set(Field::SourceIdentity)} />
            </div>

            if !held.is_empty() {
                <p class="hint set-aside" id="fields-set-aside">
                    { format!("{} takes no {}: {} kept aside, out of the evaluation and the link, and {} back when you choose an action that takes {}.",
                        request.action(), held_names(&held),
                        if held.len() == 1 { "its value is" } else { "their values are" },
                        if held.len() == 1 { "comes" } else { "come" },
                        if held.len() == 1 { "it" } else { "them" }) }
                </p>
            }

            if !claims.is_empty() {
                <ClaimRows claims={claims.clone()} context_rows={props.context_rows.clone()}
                    saml={kind == Some(CallKind::Saml)} on_action={props.on_action.clone()} />
            }

            if takes(RequestField::Mfa) {
            <fieldset class="group">
                <legend>{ "MFA" }</legend>
                <label class="toggle">
                    <input type="checkbox" id="field-mfa" checked={mfa_on} onchange={on_mfa} />
                    { "The call is made with MFA" }
                </label>
                if mfa_on {
                    <div class="fields">
                        <TextField name="mfa-serial_number" label="MFA serial number"
                            value={mfa.serial_number.clone().unwrap_or_default()}
                            problems={at(RequestField::Mfa)} on_change={set(Field::MfaSerial)} />
                        <TextField name="mfa-age_seconds" label="Seconds since MFA sign-in"
                            value={mfa.age_seconds.map(|age| age.to_string()).unwrap_or_default()}
                            inputmode={Some(AttrValue::from("numeric"))}
                            problems={Vec::new()} on_change={set(Field::MfaAge)} />
                    </div>
                }
            </fieldset>
            }

            <RowsEditor rows={Rows::Tags} legend="Session tags" key_label="Tag key" value_label="Tag value"
                items={props.tag_rows.iter().cloned().enumerate().collect::<Vec<_>>()} problems={at(RequestField::Tags)} on_action={props.on_action.clone()} />
            <TextField name="transitive_tag_keys" label="Transitive tag keys"
                value={props.transitive_text.clone()}
                hint={Some(AttrValue::from("Comma-separated tag keys."))}
                problems={at(RequestField::TransitiveTagKeys)}
                on_change={props.on_action.reform(Action::SetTransitive)} />
            <RowsEditor rows={Rows::Context} legend="Extra context keys" key_label="Context key"
                value_label="Value (text, or a JSON array of strings)"
                items={extra_rows} problems={at(RequestField::Context)} on_action={props.on_action.clone()} />

            if !request.unknown.is_empty() {
                <fieldset class="group unknown">
                    <legend>{ "Fields this page does not know" }</legend>
                    { for request.unknown.iter().map(|(key, value)| {
                        let remove_key = key.clone();
                        html! {
                            <div class="unknown-field" id={format!("field-{key}")} tabindex="-1">
                                <code>{ format!("{key}: {value}") }</code>
                                <button type="button" class="small quiet"
                                    onclick={props.on_action.reform(move |_: MouseEvent| Action::RemoveUnknownField(remove_key.clone()))}
                                    aria-label={format!("Remove the field {key}")}>{ "Remove" }</button>
                                { for at(RequestField::parse(key)).iter().map(|(status, text)| html! {
                                    <p class={classes!("problem", if *status == Status::Fail { "fail" } else { "warn" })}>{ rich(text) }</p>
                                }) }
                            </div>
                        }
                    }) }
                </fieldset>
            }

            <details class="about">
                <summary>{ "Name and notes" }</summary>
                <div class="fields">
                    <TextField name="name" label="Scenario name" value={props.scenario.name.clone().unwrap_or_default()}
                        problems={Vec::new()} on_change={set(Field::Name)} />
                    <TextField name="description" label="Notes" value={props.scenario.description.clone().unwrap_or_default()}
                        problems={Vec::new()} on_change={set(Field::Description)} />
                </div>
            </details>
        </section>
    }
}

/// The button of the offer to make the request the trust's call.
fn suggestion_label(action: Option<&str>, caller: Option<&str>) -> String {
    match (action, caller) {
        (Some(action), Some(_)) => format!("Use {action} from this provider"),
        (Some(action), None) => format!("Use {action}"),
        (None, _) => "Use this provider as the caller".to_string(),
    }
}

/// The names of the fields set aside, for the form's note.
fn held_names(held: &[RequestField]) -> String {
    let names: Vec<&str> = held
        .iter()
        .map(|field| match field {
            RequestField::ExternalId => "external ID",
            RequestField::Mfa => "MFA",
            RequestField::RoleSessionName => "session name",
            other => other.as_str(),
        })
        .collect();
    match names.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[derive(Properties, PartialEq)]
struct ClaimProps {
    claims: Vec<ClaimKey>,
    context_rows: Vec<KeyValue>,
    saml: bool,
    on_action: Callback<Action>,
}

/// One row per claim (or SAML key) the trust tests and per standard one:
/// the key as the trust spells it, its provider's meaning, and its value,
/// kept in the context under the full key.
#[component]
fn ClaimRows(props: &ClaimProps) -> Html {
    let (legend, note) = if props.saml {
        (
            "SAML assertion",
            "The attributes the assertion carries: the keys the trust policy tests first.",
        )
    } else {
        (
            "Token claims",
            "The claims of the provider's token: the keys the trust policy tests first. Empty means the token lacks the claim.",
        )
    };
    html! {
        <fieldset class="group claims" id="field-claims">
            <legend>{ legend }</legend>
            <p class="hint">{ note }</p>
            { for props.claims.iter().enumerate().map(|(index, claim)| {
                let id = format!("claim-{index}");
                let meaning_id = format!("{id}-meaning");
                let value = props
                    .context_rows
                    .iter()
                    .find(|row| row.key.eq_ignore_ascii_case(&claim.key))
                    .map(|row| row.value.clone())
                    .unwrap_or_default();
                let key = claim.key.clone();
                let oninput = props
                    .on_action
                    .reform(move |event: InputEvent| Action::SetClaim(key.clone(), input_value(&event)));
                html! {
                    <div class="claim" data-claim-key={claim.key.clone()}>
                        <label for={id.clone()}><code>{ claim.key.clone() }</code></label>
                        <p class="claim-meaning" id={meaning_id.clone()}>
                            if claim.in_trust {
                                <span class="claim-tested">{ "Tested by the trust policy. " }</span>
                            }
                            { rich(claim.meaning) }
                        </p>
                        <input {id} value={value} aria-describedby={meaning_id} {oninput}
                            spellcheck="false" autocomplete="off" autocapitalize="off" />
                    </div>
                }
            }) }
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
struct RowsProps {
    rows: Rows,
    legend: AttrValue,
    key_label: AttrValue,
    value_label: AttrValue,
    /// Rows with their index among all the rows of their kind.
    items: Vec<(usize, KeyValue)>,
    problems: Vec<(Status, String)>,
    on_action: Callback<Action>,
}

/// Key/value rows (session tags, extra context keys).
#[component]
fn RowsEditor(props: &RowsProps) -> Html {
    let rows = props.rows;
    let prefix = match rows {
        Rows::Tags => "tags",
        Rows::Context => "context",
    };
    html! {
        <fieldset class="group rows" id={format!("field-{prefix}")} tabindex="-1">
            <legend>{ props.legend.clone() }</legend>
            { for props.items.iter().map(|(index, item)| {
                let index = *index;
                let key_id = format!("{prefix}-key-{index}");
                let value_id = format!("{prefix}-value-{index}");
                let on_key = {
                    let item = item.clone();
                    props.on_action.reform(move |event: InputEvent| {
                        Action::SetRow(rows, index, KeyValue { key: input_value(&event), value: item.value.clone() })
                    })
                };
                let on_value = {
                    let item = item.clone();
                    props.on_action.reform(move |event: InputEvent| {
                        Action::SetRow(rows, index, KeyValue { key: item.key.clone(), value: input_value(&event) })
                    })
                };
                let on_remove = props.on_action.reform(move |_: MouseEvent| Action::RemoveRow(rows, index));
                html! {
                    <div class="row">
                        <div class="field">
                            <label for={key_id.clone()}>{ props.key_label.clone() }</label>
                            <input id={key_id} value={item.key.clone()} oninput={on_key}
                                spellcheck="false" autocomplete="off" autocapitalize="off" />
                        </div>
                        <div class="field">
                            <label for={value_id.clone()}>{ props.value_label.clone() }</label>
                            <input id={value_id} value={item.value.clone()} oninput={on_value}
                                spellcheck="false" autocomplete="off" autocapitalize="off" />
                        </div>
                        <button type="button" class="small quiet" onclick={on_remove}
                            aria-label={format!("Remove {} {}", props.key_label.to_lowercase(), item.key)}>
                            { "Remove" }
                        </button>
                    </div>
                }
            }) }
            { for props.problems.iter().map(|(status, text)| html! {
                <p class={classes!("problem", if *status == Status::Fail { "fail" } else { "warn" })}>{ rich(text) }</p>
            }) }
            <button type="button" class="small" onclick={props.on_action.reform(move |_: MouseEvent| Action::AddRow(rows))}>
                { format!("Add {}", props.key_label.to_lowercase().replace(" key", "")) }
            </button>
        </fieldset>
    }
}
