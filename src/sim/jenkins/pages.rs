//! The HTML a controller answers with when it is not answering JSON: error pages, the
//! restart page, JCasC's "Error loading configuration", and bare object pages. Clients read
//! status and text from these, so the texts follow Jenkins'.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn html(status: StatusCode, title: &str, body: &str) -> Response {
    let doc = format!(
        "<!DOCTYPE html><html><head><title>{} [Jenkins]</title></head><body>{body}</body></html>\n",
        escape(title)
    );
    let mut r = (status, doc).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html;charset=utf-8"),
    );
    r
}

/// Jetty's error page, as `sendError(code, message)` produces it.
pub fn error(status: StatusCode, message: &str) -> Response {
    let code = status.as_u16();
    html(
        status,
        &format!("Error {code} {message}"),
        &format!(
            "<h2>HTTP ERROR {code} {m}</h2><table><tr><th>MESSAGE:</th><td>{m}</td></tr></table>",
            m = escape(message)
        ),
    )
}

pub fn not_found() -> Response {
    html(
        StatusCode::NOT_FOUND,
        "Not Found",
        "<h1>Not Found</h1><p>This page may not exist, or you may not have permission to see it.</p>",
    )
}

/// Stapler's `@RequirePOST` answer to a GET.
pub fn post_required() -> Response {
    html(
        StatusCode::METHOD_NOT_ALLOWED,
        "This URL requires POST",
        "<h1>This URL requires POST</h1><p>The URL you're trying to access requires that requests be sent using POST (like a form submission).</p>",
    )
}

/// An unhandled exception: "Oops!" with the exception's message.
pub fn oops(exception: &str) -> Response {
    html(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Jenkins",
        &format!(
            "<h1>Oops!</h1><p>A problem occurred while processing the request.</p><pre>{}</pre>",
            escape(exception)
        ),
    )
}

/// What a controller that is (re)starting answers to everything: 503, no `Retry-After`.
pub fn restarting() -> Response {
    html(
        StatusCode::SERVICE_UNAVAILABLE,
        "Starting Jenkins",
        "<h1>Please wait while Jenkins is getting ready to work...</h1><p>Your browser will reload automatically when Jenkins is ready.</p>",
    )
}

/// JCasC's `error.jelly`: HTTP 200 despite the failure.
pub fn casc_error(
    message: &str,
    target: &str,
    attribute: Option<&str>,
    valid: &[String],
) -> Response {
    let items: String = valid
        .iter()
        .map(|a| format!("<li>{}</li>", escape(a)))
        .collect();
    html(
        StatusCode::OK,
        "Error loading configuration",
        &format!(
            "<h1>Error loading configuration</h1><p>{}</p>\
             <p>Invalid configuration elements for configurator with name: <pre><code>{}</code></pre></p>\
             <p>Attribute was: <pre><code>{}</code></pre></p><p>Valid attributes are:</p><ul>{items}</ul>",
            escape(message).replace('\n', "<br>"),
            escape(target),
            escape(attribute.unwrap_or("")),
        ),
    )
}
