//! A stand-in tray host on the private session bus: Xvfb has no panel, so the test owns
//! `org.kde.StatusNotifierWatcher` the way a desktop's tray does. Tend's tray icon registers
//! with it; the test then reads the real menu Tend exported (`com.canonical.dbusmenu`) and
//! clicks its items, as a panel would when a person picks one.

use std::sync::{Arc, Mutex};

use zbus::{OwnedObjectPath, OwnedVariant as OwnedValue, Variant as Value};

const WATCHER: &str = "org.kde.StatusNotifierWatcher";

struct Watcher {
    items: Arc<Mutex<Vec<(String, String)>>>,
}

#[zbus::interface(name = "org.kde.StatusNotifierWatcher")]
impl Watcher {
    async fn register_status_notifier_item(&self, service: String, #[zbus(header)] header: zbus::message::Header<'_>) {
        let sender = header.sender().map(|s| s.to_string()).unwrap_or_default();
        self.items
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((sender, service));
    }

    fn register_status_notifier_host(&self, _service: String) {}

    #[zbus(property)]
    fn registered_status_notifier_items(&self) -> Vec<String> {
        let items = self.items.lock().unwrap_or_else(|p| p.into_inner());
        items.iter().map(|(_, service)| service.clone()).collect()
    }

    #[zbus(property)]
    fn is_status_notifier_host_registered(&self) -> bool {
        true
    }

    #[zbus(property)]
    fn protocol_version(&self) -> i32 {
        0
    }
}

/// A dbusmenu layout node: id, properties, children (each a variant holding a node).
type Layout = (i32, std::collections::HashMap<String, OwnedValue>, Vec<OwnedValue>);

/// One item of the exported menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuEntry {
    pub id: i32,
    /// Empty for a separator.
    pub label: String,
    pub separator: bool,
}

/// The tray host; it stops when dropped.
#[allow(missing_debug_implementations)]
pub struct TrayHost {
    items: Arc<Mutex<Vec<(String, String)>>>,
    _connection: zbus::Connection,
    client: zbus::Connection,
}

impl TrayHost {
    pub async fn start(address: &str) -> TrayHost {
        let items = Arc::new(Mutex::new(Vec::new()));
        let connection = zbus::connection::Builder::address(address)
            .serve_at("/StatusNotifierWatcher", Watcher { items: items.clone() })
            .name(WATCHER)
            .build()
            .await
            .expect("the tray host on the private bus");
        let client = zbus::connection::Builder::address(address)
            .build()
            .await
            .expect("a client connection");
        TrayHost {
            items,
            _connection: connection,
            client,
        }
    }

    /// Where the first registered item's menu is: (bus name, object path).
    async fn menu(&self) -> (String, OwnedObjectPath) {
        let (sender, service) = crate::eventually("Tend's tray icon to register", || async {
            self.items.lock().unwrap_or_else(|p| p.into_inner()).first().cloned()
        })
        .await;
        // The item is named either by its object path (on the sender) or by a bus name.
        let (destination, path) = if service.starts_with('/') {
            (sender, service)
        } else {
            (service, "/StatusNotifierItem".to_owned())
        };
        let reply = self
            .client
            .call_method(
                Some(destination.as_str()),
                path.as_str(),
                Some("org.freedesktop.DBus.Properties"),
                "Get",
                &("org.kde.StatusNotifierItem", "Menu"),
            )
            .await
            .expect("the item's Menu property");
        let value: OwnedValue = reply.body().deserialize().expect("a variant");
        let menu = OwnedObjectPath::try_from(value).expect("an object path");
        (destination, menu)
    }

    /// The menu's items, top level, in order.
    pub async fn entries(&self) -> Vec<MenuEntry> {
        let (destination, path) = self.menu().await;
        let reply = self
            .client
            .call_method(
                Some(destination.as_str()),
                path.as_str(),
                Some("com.canonical.dbusmenu"),
                "GetLayout",
                &(0i32, -1i32, Vec::<&str>::new()),
            )
            .await
            .expect("GetLayout");
        let body = reply.body();
        let (_revision, (_root, _props, children)): (u32, Layout) = body.deserialize().expect("a dbusmenu layout");
        children
            .into_iter()
            .filter_map(|child| {
                let Value::Structure(item) = &*child else { return None };
                let fields = item.fields();
                let Value::I32(id) = fields.first()? else { return None };
                let Value::Dict(props) = fields.get(1)? else {
                    return None;
                };
                let text = |key: &str| props.get::<&str, String>(&key).ok().flatten().unwrap_or_default();
                let visible = props.get::<&str, bool>(&"visible").ok().flatten().unwrap_or(true);
                visible.then(|| MenuEntry {
                    id: *id,
                    label: text("label"),
                    separator: text("type") == "separator",
                })
            })
            .collect()
    }

    /// Clicks the item labelled `label`.
    pub async fn click(&self, label: &str) {
        let entry = self
            .entries()
            .await
            .into_iter()
            .find(|e| e.label == label)
            .unwrap_or_else(|| panic!("{label:?} in the tray menu"));
        let (destination, path) = self.menu().await;
        self.client
            .call_method(
                Some(destination.as_str()),
                path.as_str(),
                Some("com.canonical.dbusmenu"),
                "Event",
                &(entry.id, "clicked", Value::from(""), 0u32),
            )
            .await
            .expect("the click reaches the menu");
    }
}
