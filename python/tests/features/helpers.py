"""Small builders shared by the tests."""
from warden_features import Event, parse_timestamp

T0 = parse_timestamp("2026-01-05T10:00:00Z")  # a Monday
S = 1_000_000


def ev(t_s, id=1, ap="ap-01", event_type="data", client_mac=None, bssid=None, ssid=None, level="info",
       signal_dbm=None, data_rate_mbps=None, packet_loss=None, t_us=0):
    """An event ``t_s`` seconds (plus ``t_us`` µs) after 2026-01-05T10:00:00Z."""
    return Event(id=id, ts=T0 + int(t_s * S) + t_us, ap=ap, bssid=bssid, client_mac=client_mac, ssid=ssid,
                 event_type=event_type, level=level, signal_dbm=signal_dbm, data_rate_mbps=data_rate_mbps,
                 packet_loss=packet_loss, message=None)
