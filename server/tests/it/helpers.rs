use server::Config;
use std::net::SocketAddr;

#[derive(Clone)]
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
}

/// The password of every demo user.
pub const DEMO_PASSWORD: &str = "trellis-demo";

/// Starts Trellis with the demo estate on a free port and an empty in-memory database,
/// signed in as the demo admin.
pub async fn spawn_app() -> TestApp {
    spawn_as("alice@demo.trellis").await
}

/// The same, signed in as the given demo user.
pub async fn spawn_as(email: &str) -> TestApp {
    let app = spawn_with(Config::for_tests()).await;
    let response = app.login(email, DEMO_PASSWORD).await;
    assert!(
        response.status().is_redirection() || response.status() == 200,
        "login as {email}: {}",
        response.status()
    );
    app
}

/// Starts Trellis with this config and nobody signed in. Its log goes to the test's
/// captured output, shown when the test fails.
pub async fn spawn_with(config: Config) -> TestApp {
    spawn_with_state(config).await.0
}

/// As [`spawn_with`], handing back the server's state too, for tests that drive what
/// the server does by itself (such as a round of the SLA watcher at a later time).
pub async fn spawn_with_state(config: Config) -> (TestApp, server::AppState) {
    let _ = tracing_subscriber::fmt()
        .with_test_writer()
        .with_env_filter("info,surrealdb=warn,surrealdb_core=warn")
        .try_init();
    let (router, state) = server::start(&config).await.expect("app starts");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap()
    });
    let app = TestApp {
        base: format!("http://{addr}"),
        client: client(),
    };
    (app, state)
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        // A hung request fails its test instead of stalling the whole run.
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .unwrap()
}

impl TestApp {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    /// Calls a server function the way a hydrated form does.
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(format!("{}/api/{endpoint}", self.base))
            .header("origin", &self.base)
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// Calls a server function that takes JSON.
    pub async fn call_json(&self, endpoint: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .post(format!("{}/api/{endpoint}", self.base))
            .header("origin", &self.base)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.call(
            "auth/login",
            &[("email", email), ("password", password), ("next", "/cis")],
        )
        .await
    }

    pub async fn page(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.text().await.unwrap()
    }
}

/// A CI form with sensible values; override what a test is about.
pub fn ci_form<'a>(overrides: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("input[name]", "app-01"),
        ("input[class]", "application"),
        ("input[status]", "Active"),
        ("input[environment]", "Production"),
        ("input[criticality]", "3"),
        ("input[owner]", "Applications"),
        ("input[description]", ""),
        ("input[tags]", "web"),
    ];
    for (key, value) in overrides {
        match form.iter_mut().find(|(k, _)| k == key) {
            Some(field) => field.1 = value,
            None => form.push((key, value)),
        }
    }
    form
}

/// Every page of the app, with `database` (a demo CI and board) for each parameter.
pub fn every_page() -> Vec<String> {
    leptos_axum::generate_route_list(app::App)
        .iter()
        .map(|route| {
            route
                .path()
                .split('/')
                .map(|segment| {
                    if segment.starts_with([':', '{']) {
                        "database"
                    } else {
                        segment
                    }
                })
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect()
}
