//! A second copy of Tend on a data directory another copy is using (on another session bus,
//! or with none, single-instance can't see it): it says so in a small native dialog and
//! exits before opening anything, so two writers never share one database.

/// Says, gently, that Tend is already open here, waits for the person to close the note, and
/// exits. Nothing in the data directory has been opened by then.
pub fn say_and_exit() -> ! {
    let message = tend_core::Error::DataDirInUse.user_message();
    eprintln!("tend: another copy is using this data directory; this one exits");
    #[cfg(target_os = "linux")]
    {
        use gtk::prelude::*;
        // Tauri has initialised GTK on this (the main) thread before `setup` runs.
        let dialog = gtk::MessageDialog::new(
            None::<&gtk::Window>,
            gtk::DialogFlags::MODAL,
            gtk::MessageType::Info,
            gtk::ButtonsType::Close,
            &message,
        );
        dialog.set_title("Tend");
        dialog.set_position(gtk::WindowPosition::Center);
        dialog.run();
        dialog.close();
    }
    std::process::exit(0)
}
