// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Before any other process or thread exists: nothing of Tend's is ever written to a core file.
    tend_app::dumps::forbid();
    // First, while this is the only thread: WebKit's renderer is chosen by the environment.
    tend_app::renderer::choose();
    tend_app::run();
}
