//! Finding 8 of the reliability probe: a panic in a background task leaves the terminal alone
//! (the loop is still drawing on it) and reaches the loop as a message, secrets redacted; a
//! panic of the loop's own thread restores the terminal. Its own test binary: the panic hook
//! is the process's.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_panic_is_reported_to_the_loop_and_leaves_the_terminal_alone() {
    use stagecoach::terminal;
    terminal::mark_ui_thread();
    terminal::install_panic_hook();
    stagecoach::secrets::register("sha256~task-panic-SECRET-0123456789");
    let before = terminal::restores();

    let task = tokio::spawn(async {
        panic!("watch died holding sha256~task-panic-SECRET-0123456789");
    });
    assert!(task.await.is_err(), "the task panicked");
    let message = tokio::time::timeout(
        std::time::Duration::from_secs(30),
        terminal::task_panicked(),
    )
    .await
    .expect("the loop hears of it");
    assert!(
        message.contains("watch died holding <redacted>"),
        "{message}"
    );
    assert!(!message.contains("SECRET"), "{message}");
    assert_eq!(terminal::restores(), before, "the terminal was touched");
    let notice = terminal::task_panic_notice(&message);
    assert!(notice.contains("restart stagecoach"), "{notice}");

    // A panic of the loop's thread restores the terminal (caught here to go on testing).
    let caught = std::panic::catch_unwind(|| panic!("the loop died"));
    assert!(caught.is_err());
    assert_eq!(terminal::restores(), before + 1);
}
