//! Notification email through a real SMTP conversation: a small sink on a loopback port
//! stands in for the mail server and keeps what it is sent.

use crate::helpers::{spawn_with, DEMO_PASSWORD};
use crate::monitoring::json;
use server::Config;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// An SMTP server that accepts everything; each message arrives as its envelope
/// recipients and its text.
async fn sink() -> (u16, mpsc::UnboundedReceiver<(Vec<String>, String)>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (sender, received) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let sender = sender.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 sink ready\r\n").await.unwrap();
                let mut rcpt = Vec::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    let verb = line.get(..4).unwrap_or_default().to_ascii_uppercase();
                    let answer: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 sink\r\n",
                        "RCPT" => {
                            rcpt.push(line.clone());
                            b"250 ok\r\n"
                        }
                        "DATA" => {
                            write.write_all(b"354 go on\r\n").await.unwrap();
                            let mut text = String::new();
                            while let Ok(Some(line)) = lines.next_line().await {
                                if line == "." {
                                    break;
                                }
                                text.push_str(&line);
                                text.push('\n');
                            }
                            let _ = sender.send((std::mem::take(&mut rcpt), text));
                            b"250 queued\r\n"
                        }
                        "QUIT" => {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            return;
                        }
                        _ => b"250 ok\r\n",
                    };
                    write.write_all(answer).await.unwrap();
                }
            });
        }
    });
    (port, received)
}

#[tokio::test]
async fn notifications_are_mailed_to_their_people_with_a_link() {
    let (port, mut received) = sink().await;
    let mut config = Config::for_tests();
    config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    config.smtp_from = "Trellis <trellis@example.com>".into();
    config.public_url = Some("http://localhost:3000".into());
    let rory = spawn_with(config).await;
    rory.login("rory@demo.trellis", DEMO_PASSWORD).await;
    let number = json(
        rory.call(
            "requests/order",
            &[
                ("item", "new_laptop"),
                ("answers[model]", "Standard 14-inch"),
                ("answers[needed_by]", "2027-02-01"),
                ("answers[why_do_you_need_it]", "Mine broke."),
            ],
        )
        .await,
    )
    .await;
    let number = number.as_str().unwrap();
    // The one Asset Manager is asked to approve, by email too (beside the demo's expiry
    // reminders, mailed at start).
    let subject = format!("Subject: {number} needs your approval: New laptop for Rory Requester");
    let (to, text) = loop {
        let (to, text) = tokio::time::timeout(Duration::from_secs(20), received.recv())
            .await
            .ok()
            .flatten()
            .expect("the approval email within 20 s");
        if text.contains(&subject) {
            break (to, text);
        }
    };
    assert_eq!(to, ["RCPT TO:<asha@demo.trellis>"]);
    assert!(
        text.contains("To: \"Asha Asset\" <asha@demo.trellis>"),
        "{text}"
    );
    assert!(
        text.contains("From: Trellis <trellis@example.com>"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "Subject: {number} needs your approval: New laptop for Rory Requester"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("http://localhost:3000/requests/{number}")),
        "{text}"
    );
    // Nothing is mailed twice.
    assert!(
        tokio::time::timeout(Duration::from_secs(2), received.recv())
            .await
            .is_err(),
        "a second email"
    );
}
