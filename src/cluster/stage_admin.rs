//! Ad-hoc stages: a `<team>-<name>` namespace made with the team's labels and deleted when done.
//! Pure half: the name's rules and the equivalent kubectl lines. I/O half: ask the API first
//! (`SelfSubjectAccessReview`), then create or delete through kube — called only from `effects/`.

use std::collections::BTreeMap;

use k8s_openapi::api::authorization::v1::{
    ResourceAttributes, SelfSubjectAccessReview, SelfSubjectAccessReviewSpec,
};
use k8s_openapi::api::core::v1::Namespace;
use kube::api::{Api, DeleteParams, ObjectMeta, PostParams};
use kube::Client;

use crate::call_log::Call;
use crate::outbox::Outbox;

/// The longest namespace name the API takes (a DNS-1123 label).
pub const MAX_NAMESPACE: usize = 63;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageOp {
    Create,
    Delete,
}

impl StageOp {
    pub fn verb(self) -> &'static str {
        match self {
            StageOp::Create => "create",
            StageOp::Delete => "delete",
        }
    }
}

/// What a create or delete came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageAdminMsg {
    Done {
        op: StageOp,
        namespace: String,
        /// What to say: the outcome, or why not (the API's reason when it said no).
        result: Result<String, String>,
    },
    /// A write was made: for the `@` screen.
    Called(Call),
}

/// `<team>-<name>` if `name` makes a valid namespace with it: a DNS-1123 label (lower-case
/// letters, digits and `-`, starting and ending alphanumeric), at most 63 characters in all.
pub fn namespace_for(team: &str, name: &str) -> Result<String, String> {
    let ns = format!("{team}-{name}");
    let ok_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if name.is_empty() {
        return Err("name the stage: :newstage <name> (e.g. review)".into());
    }
    if !name.chars().all(ok_char) || !edge(name.chars().next()) || !edge(name.chars().last()) {
        return Err(format!(
            "{name:?} is not a valid stage name: lower-case letters, digits and '-', starting and ending with a letter or digit"
        ));
    }
    if ns.len() > MAX_NAMESPACE {
        return Err(format!(
            "{ns} is {} characters: a namespace has at most {MAX_NAMESPACE}",
            ns.len()
        ));
    }
    Ok(ns)
}

pub fn create_command(team: &str, stage: &str, namespace: &str) -> String {
    format!(
        "kubectl create namespace {namespace} && kubectl label namespace {namespace} team={team} stage={stage}"
    )
}

pub fn delete_command(namespace: &str) -> String {
    format!("kubectl delete namespace {namespace}")
}

/// Asks the API whether the caller may `verb` namespaces (`name`: one of them): Ok(()) or the
/// reason it gave for no.
async fn may(client: &Client, verb: &str, name: Option<&str>) -> Result<(), String> {
    let review = SelfSubjectAccessReview {
        spec: SelfSubjectAccessReviewSpec {
            resource_attributes: Some(ResourceAttributes {
                verb: Some(verb.into()),
                resource: Some("namespaces".into()),
                name: name.map(String::from),
                ..Default::default()
            }),
            ..Default::default()
        },
        ..Default::default()
    };
    let answer = Api::<SelfSubjectAccessReview>::all(client.clone())
        .create(&PostParams::default(), &review)
        .await
        .map_err(|e| format!("could not ask the API whether you may {verb} namespaces: {e}"))?;
    let status = answer.status.unwrap_or_default();
    if status.allowed {
        return Ok(());
    }
    let why = status
        .reason
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| "no reason given; ask the cluster's administrators".into());
    Err(format!("you may not {verb} namespaces: {why}"))
}

/// Creates `<team>-<stage>` with the team's labels, after asking whether we may.
pub async fn create(client: Client, team: String, stage: String, out: Outbox<StageAdminMsg>) {
    let namespace = format!("{team}-{stage}");
    let done = |result| StageAdminMsg::Done {
        op: StageOp::Create,
        namespace: namespace.clone(),
        result,
    };
    if let Err(why) = may(&client, "create", None).await {
        out.send(done(Err(why))).await;
        return;
    }
    let labels: BTreeMap<String, String> = [("team", &team), ("stage", &stage)]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    let ns = Namespace {
        metadata: ObjectMeta {
            name: Some(namespace.clone()),
            labels: Some(labels),
            ..Default::default()
        },
        ..Default::default()
    };
    let result = Api::<Namespace>::all(client)
        .create(&PostParams::default(), &ns)
        .await
        // A deploy needs the Helmfile to know the stage (and, with Jenkins, a job for it).
        .map(|_| {
            format!(
                "created stage {namespace}; to deploy it, give the Helmfile an environment {stage}"
            )
        })
        .map_err(|e| format!("could not create {namespace}: {}", api_message(&e)));
    let call = Call::new(
        format!("create stage {namespace}"),
        create_command(&team, &stage, &namespace),
    )
    .ended(result.clone());
    out.send(StageAdminMsg::Called(call)).await;
    out.send(done(result)).await;
}

/// Deletes the namespace (everything in it goes with it), after asking whether we may.
pub async fn delete(client: Client, namespace: String, out: Outbox<StageAdminMsg>) {
    let done = |result| StageAdminMsg::Done {
        op: StageOp::Delete,
        namespace: namespace.clone(),
        result,
    };
    if let Err(why) = may(&client, "delete", Some(&namespace)).await {
        out.send(done(Err(why))).await;
        return;
    }
    let result = Api::<Namespace>::all(client)
        .delete(&namespace, &DeleteParams::default())
        .await
        .map(|_| {
            format!("deleting stage {namespace}: its pods terminate, then it leaves the matrix")
        })
        .map_err(|e| format!("could not delete {namespace}: {}", api_message(&e)));
    let call = Call::new(
        format!("delete stage {namespace}"),
        delete_command(&namespace),
    )
    .ended(result.clone());
    out.send(StageAdminMsg::Called(call)).await;
    out.send(done(result)).await;
}

/// The API's own message when it sent a Status, else the error.
fn api_message(e: &kube::Error) -> String {
    match e {
        kube::Error::Api(s) => s.message.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_dns_labels_and_namespaces_fit_63() {
        assert_eq!(
            namespace_for("payments", "review"),
            Ok("payments-review".into())
        );
        assert_eq!(
            namespace_for("payments", "pr-42"),
            Ok("payments-pr-42".into())
        );
        for bad in ["", "Review", "-x", "x-", "a_b", "a.b", "é"] {
            assert!(namespace_for("payments", bad).is_err(), "{bad:?}");
        }
        let long = "a".repeat(MAX_NAMESPACE - "payments-".len());
        assert!(namespace_for("payments", &long).is_ok());
        let e = namespace_for("payments", &format!("{long}a")).unwrap_err();
        assert!(e.contains("64 characters"), "{e}");
    }

    #[test]
    fn the_equivalent_commands() {
        assert_eq!(
            create_command("payments", "review", "payments-review"),
            "kubectl create namespace payments-review && kubectl label namespace payments-review team=payments stage=review"
        );
        assert_eq!(
            delete_command("payments-review"),
            "kubectl delete namespace payments-review"
        );
    }
}
