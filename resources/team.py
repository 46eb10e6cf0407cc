"""The team page's training column: each member's required training done."""
