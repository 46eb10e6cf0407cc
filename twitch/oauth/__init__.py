"""allauth's Twitch provider with every Twitch address taken from the portal's settings.

allauth's own Twitch adapter hard-wires id.twitch.tv and api.twitch.tv; the portal swaps its
provider for this one through allauth's `provider_class` setting (SOCIALACCOUNT_PROVIDERS in
portal/settings.py), so sign-in follows TWITCH_ID_BASE_URL, TWITCH_TOKEN_URL and
TWITCH_API_BASE_URL like the sync's own calls do.
"""
