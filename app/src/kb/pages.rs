//! The knowledge base pages: search and browse, read (with "did this help?"), write and
//! edit with a preview.

use super::api::{
    article_categories, get_article, list_articles, preview_article, CreateArticle, MoveArticle,
    UpdateArticle, VoteArticle,
};
use super::domain::Article;
use crate::auth::{Action, Can};
use crate::live::Live;
use crate::tickets::flow::Flow;
use crate::ui::{field_errors, form_error, ErrorNotice, StatusBadge, TextArea, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

fn alert(text: Option<String>) -> Option<impl IntoView> {
    text.map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })
}

#[component]
pub fn KnowledgePage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let query = query.read();
        (
            query.get("q").unwrap_or_default(),
            query.get("category").unwrap_or_default(),
        )
    });
    let articles = expect_context::<Live>().of("article");
    let found = Resource::new(
        move || (filter.get(), articles.get()),
        |((q, category), _)| list_articles(q, category),
    );
    let categories = Resource::new(move || articles.get(), |_| article_categories());
    view! {
        <Title text="Knowledge base"/>
        <div class="page-header">
            <h1>"Knowledge base"</h1>
            <div class="actions">
                <Can action=Action::KnowledgeWrite>
                    <A href="/kb/new" attr:class="btn btn-primary">"New article"</A>
                </Can>
            </div>
        </div>
        <Form method="GET" action="/kb" attr:class="filters" attr:aria-label="Search articles">
            <div class="field">
                <label for="kb-q">"Search"</label>
                <input id="kb-q" type="search" name="q" placeholder="Words of the title or text" prop:value=move || filter.get().0/>
            </div>
            <div class="field">
                <label for="kb-category">"Category"</label>
                <select id="kb-category" name="category">
                    <option value="">"Any"</option>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            let chosen = filter.get_untracked().1;
                            categories.await.unwrap_or_default().into_iter().map(|c| {
                                let selected = c == chosen;
                                view! { <option value=c.clone() selected=selected>{c.clone()}</option> }
                            }).collect_view()
                        })}
                    </Transition>
                </select>
            </div>
            <button type="submit" class="btn">"Search"</button>
        </Form>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(rows) => {
                        let empty = rows.is_empty();
                        view! {
                            <div class="table-wrap">
                                <table class="data" aria-label="Articles">
                                    <thead>
                                        <tr>
                                            <th scope="col">"Number"</th>
                                            <th scope="col">"Title"</th>
                                            <th scope="col">"State"</th>
                                            <th scope="col">"Categories"</th>
                                            <th scope="col">"Owner"</th>
                                            <th scope="col" class="num">"Helpful"</th>
                                            <th scope="col">"Updated"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {rows.into_iter().map(|r| view! {
                                            <tr>
                                                <td><A href=format!("/kb/{}", r.number)>{r.number.clone()}</A></td>
                                                <td>{r.title} {r.review_due.then(|| view! { " " <span class="tag">"Review due"</span> })}</td>
                                                <td><StatusBadge tone=r.state.tone() label=r.state.label()/></td>
                                                <td>{r.categories.join(", ")}</td>
                                                <td>{r.owner}</td>
                                                <td class="num">{format!("{} / {}", r.helpful, r.helpful + r.not_helpful)}</td>
                                                <td>{r.updated_at}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {empty.then(|| view! { <p class="empty">"No articles match."</p> })}
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn ArticlePage() -> impl IntoView {
    let params = use_params_map();
    let number = Memo::new(move |_| {
        params
            .read()
            .get("number")
            .unwrap_or_default()
            .to_uppercase()
    });
    let articles = expect_context::<Live>().of("article");
    let votes = expect_context::<Live>().of("article_vote");
    let step = ServerAction::<MoveArticle>::new();
    let vote = ServerAction::<VoteArticle>::new();
    let article = Resource::new(
        move || {
            (
                number.get(),
                articles.get(),
                votes.get(),
                step.version().get() + vote.version().get(),
            )
        },
        |(number, ..)| get_article(number),
    );
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match article.await {
                    Ok(article) => view! { <ArticleView article step vote/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ArticleView(
    article: Article,
    step: ServerAction<MoveArticle>,
    vote: ServerAction<VoteArticle>,
) -> impl IntoView {
    let title = format!("{} · {}", article.number, article.title);
    let moves_error = form_error(step.value().into());
    let (number, version) = (article.number.clone(), article.version);
    let moves: Vec<_> = article.state.moves().collect();
    let edit = format!("/kb/{}/edit", article.number);
    let links = article.links.clone();
    let published = article.state == crate::kb::domain::State::Published;
    let voted = |helpful: bool| {
        if article.my_vote == Some(helpful) {
            "btn btn-primary"
        } else {
            "btn"
        }
    };
    let (yes_class, no_class) = (voted(true), voted(false));
    view! {
        <Title text=title.clone()/>
        <div class="breadcrumb"><A href="/kb" exact=true>"Knowledge base"</A></div>
        <div class="page-header">
            <h1>{title} " " <StatusBadge tone=article.state.tone() label=article.state.label()/></h1>
            <div class="actions">
                <Can action=Action::KnowledgeWrite>
                    <A href=edit.clone() attr:class="btn">"Edit"</A>
                </Can>
            </div>
        </div>
        <div class="two-col">
            <article class="panel markdown" inner_html=article.html.clone()></article>
            <aside class="panel" aria-labelledby="article-facts">
                <h2 id="article-facts">"About"</h2>
                <dl class="props">
                    <dt>"Owner"</dt><dd>{article.owner.clone()}</dd>
                    <dt>"Categories"</dt><dd>{article.categories.join(", ")}</dd>
                    <dt>"Review on"</dt>
                    <dd>{article.review_on.clone()} {article.review_due.then(|| view! { " " <span class="tag">"Review due"</span> })}</dd>
                    <dt>"Updated"</dt><dd>{article.updated_at.clone()}</dd>
                    <dt>"Helpful"</dt><dd>{format!("{} of {} readers", article.helpful, article.helpful + article.not_helpful)}</dd>
                </dl>
                {(!links.is_empty()).then(|| view! {
                    <h3>"Covers"</h3>
                    <ul class="plain" aria-label="Linked records">
                        {links.into_iter().map(|n| {
                            let href = if n.starts_with("PRB") { format!("/problems/{n}") } else { format!("/incidents/{n}") };
                            view! { <li><A href=href>{n.clone()}</A></li> }
                        }).collect_view()}
                    </ul>
                })}
                {published.then(|| {
                    let number = number.clone();
                    view! {
                        <ActionForm action=vote attr:aria-label="Did this help?">
                            <input type="hidden" name="number" value=number/>
                            <div class="form-actions" role="group" aria-label="Did this help?">
                                <span>"Did this help?"</span>
                                <button type="submit" class=yes_class name="helpful" value="true">"Yes"</button>
                                <button type="submit" class=no_class name="helpful" value="false">"No"</button>
                            </div>
                        </ActionForm>
                    }
                })}
                <Can action=Action::KnowledgeWrite>
                    {
                        let (number, moves) = (number.clone(), moves.clone());
                        view! {
                            <ActionForm action=step attr:aria-label="Article actions">
                                {move || alert(moves_error.get())}
                                <input type="hidden" name="number" value=number/>
                                <input type="hidden" name="version" value=version/>
                                <div class="form-actions" role="group" aria-label="Moves">
                                    {moves.into_iter().map(|m| view! {
                                        <button type="submit" class="btn" name="to" value=m.to.label()>{m.action}</button>
                                    }).collect_view()}
                                </div>
                            </ActionForm>
                        }
                    }
                </Can>
            </aside>
        </div>
    }
}

#[component]
pub fn NewArticlePage() -> impl IntoView {
    view! {
        <Title text="New article"/>
        <div class="breadcrumb"><A href="/kb" exact=true>"Knowledge base"</A></div>
        <div class="page-header"><h1>"New article"</h1></div>
        <Can action=Action::KnowledgeWrite>
            <ArticleForm article=None/>
        </Can>
    }
}

#[component]
pub fn ArticleEditPage() -> impl IntoView {
    let params = use_params_map();
    let number = params
        .read_untracked()
        .get("number")
        .unwrap_or_default()
        .to_uppercase();
    let article = Resource::new(move || number.clone(), get_article);
    view! {
        <Title text="Edit article"/>
        <div class="breadcrumb"><A href="/kb" exact=true>"Knowledge base"</A></div>
        <div class="page-header"><h1>"Edit article"</h1></div>
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match article.await {
                    Ok(article) => view! {
                        <Can action=Action::KnowledgeWrite>
                            <ArticleForm article=Some(article.clone())/>
                        </Can>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The article form, new or editing; a preview renders the body as readers will see it.
#[component]
fn ArticleForm(article: Option<Article>) -> impl IntoView {
    let create = ServerAction::<CreateArticle>::new();
    let update = ServerAction::<UpdateArticle>::new();
    let editing = article.clone();
    let values = article.as_ref().map(Article::input).unwrap_or_default();
    let (created, updated) = (
        field_errors(create.value().into()),
        field_errors(update.value().into()),
    );
    let errors = Memo::new(move |_| created.get().or_else(|| updated.get()));
    let (create_failed, update_failed) = (
        form_error(create.value().into()),
        form_error(update.value().into()),
    );
    let problem = Memo::new(move |_| create_failed.get().or_else(|| update_failed.get()));
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    let navigate = use_navigate();
    let back = article.as_ref().map(|a| a.number.clone());
    Effect::new(move |_| {
        if let Some(Ok(number)) = create.value().get() {
            navigate(&format!("/kb/{number}"), Default::default());
        }
        if let (Some(Ok(())), Some(number)) = (update.value().get(), back.clone()) {
            navigate(&format!("/kb/{number}"), Default::default());
        }
    });
    let body = RwSignal::new(values.body.clone());
    let preview = RwSignal::new(None::<String>);
    let show_preview = move |_| {
        let text = body.get_untracked();
        leptos::task::spawn_local(async move {
            if let Ok(html) = preview_article(text).await {
                preview.set(Some(html));
            }
        });
    };
    let fields = move || {
        let values = values.clone();
        view! {
            {move || alert(problem.get())}
            <TextField id="kb-title" name="input[title]" label="Title" required=true max_length=160 value=values.title.clone() error=error("title")/>
            <div class="form-grid">
                <TextField id="kb-categories" name="input[categories]" label="Categories (comma-separated)" value=values.categories.clone() error=error("categories")/>
                <TextField id="kb-review" name="input[review_on]" label="Review on" kind="date" value=values.review_on.clone() error=error("review_on")/>
                <TextField id="kb-links" name="input[links]" label="Known errors and incidents it covers (numbers)" value=values.links.clone() error=error("links")/>
            </div>
            <TextArea id="kb-body" name="input[body]" label="Article (Markdown)" value=values.body.clone() error=error("body")/>
        }
    };
    view! {
        <section class="panel" on:input=move |ev| {
            if event_target::<web_sys::HtmlInputElement>(&ev).name() == "input[body]" {
                body.set(event_target_value(&ev));
            }
        }>
            {match editing {
                Some(article) => view! {
                    <ActionForm action=update attr:aria-label="Edit article">
                        <input type="hidden" name="number" value=article.number.clone()/>
                        <input type="hidden" name="version" value=article.version/>
                        {fields()}
                        <div class="form-actions">
                            <button type="submit" class="btn btn-primary">"Save article"</button>
                            <button type="button" class="btn" on:click=show_preview>"Preview"</button>
                            <A href=format!("/kb/{}", article.number) attr:class="btn">"Cancel"</A>
                        </div>
                    </ActionForm>
                }.into_any(),
                None => view! {
                    <ActionForm action=create attr:aria-label="New article">
                        {fields()}
                        <div class="form-actions">
                            <button type="submit" class="btn btn-primary">"Save draft"</button>
                            <button type="button" class="btn" on:click=show_preview>"Preview"</button>
                            <A href="/kb" attr:class="btn">"Cancel"</A>
                        </div>
                    </ActionForm>
                }.into_any(),
            }}
        </section>
        {move || preview.get().map(|html| view! {
            <section class="panel" aria-labelledby="kb-preview">
                <h2 id="kb-preview">"Preview"</h2>
                <div class="markdown" inner_html=html></div>
            </section>
        })}
    }
}
