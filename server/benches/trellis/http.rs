//! A signed-in browser, as far as the server can tell: server functions over HTTP.

use app::cmdb::domain::Ci;

#[derive(Clone)]
pub struct Browser {
    base: String,
    client: reqwest::Client,
}

impl Browser {
    pub async fn sign_in(base: &str, email: &str, password: &str) -> Self {
        let browser = Browser {
            base: base.to_owned(),
            client: reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .expect("client"),
        };
        let login = browser
            .call(
                "auth/login",
                &[("email", email), ("password", password), ("next", "/")],
            )
            .await;
        assert!(login.status().is_success(), "login: {}", login.status());
        browser
    }

    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(format!("{}/api/{endpoint}", self.base))
            .header("origin", &self.base)
            .form(form)
            .send()
            .await
            .expect("request")
    }

    /// Calls and reads the whole body, failing on any error status.
    pub async fn fetch(&self, endpoint: &str, form: &[(&str, &str)]) -> Vec<u8> {
        let response = self.call(endpoint, form).await;
        let status = response.status();
        let body = response.bytes().await.expect("body").to_vec();
        assert!(
            status.is_success(),
            "{endpoint}: {status} {}",
            String::from_utf8_lossy(&body)
        );
        body
    }

    /// A page as the browser first loads it, rendered on the server.
    pub async fn page(&self, path: &str) -> Vec<u8> {
        let response = self.open(path).await;
        response.bytes().await.expect("body").to_vec()
    }

    /// An open request whose body arrives as it comes, such as the change stream.
    pub async fn open(&self, path: &str) -> reqwest::Response {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request");
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        response
    }

    pub async fn ci(&self, id: &str) -> Ci {
        serde_json::from_slice(&self.fetch("cmdb/get", &[("id", id)]).await).expect("CI")
    }

    /// Saves `ci` with a new description, as the edit form does; returns the new version.
    pub async fn touch(&self, ci: &Ci, version: u64, note: &str) -> u64 {
        let mut input = ci.to_input();
        input.description = note.to_owned();
        let version = version.to_string();
        let mut form = vec![
            ("id", ci.id.clone()),
            ("version", version),
            ("input[name]", input.name),
            ("input[class]", input.class),
            ("input[status]", input.status),
            ("input[environment]", input.environment),
            ("input[criticality]", input.criticality),
            ("input[owner]", input.owner),
            ("input[description]", input.description),
            ("input[tags]", input.tags),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect::<Vec<_>>();
        for (key, value) in input.attributes {
            form.push((format!("input[attributes][{key}]"), value));
        }
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        serde_json::from_slice(&self.fetch("cmdb/update", &form).await).expect("version")
    }
}
