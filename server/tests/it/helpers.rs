use server::Config;

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
}

/// Starts Trellis with the demo estate on a free port and an empty in-memory database.
pub async fn spawn_app() -> TestApp {
    spawn_with(Config::for_tests()).await
}

pub async fn spawn_with(config: Config) -> TestApp {
    let router = server::app(&config).await.expect("app starts");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    TestApp {
        base: format!("http://{addr}"),
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
    }
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
            .form(form)
            .send()
            .await
            .unwrap()
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
        ("input[owner]", "App Team"),
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
