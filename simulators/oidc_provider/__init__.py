"""OpenID Connect provider simulator: stands in for the provincial identity platform
(广东省统一身份认证平台) so that login through it can be developed and tested. Not the real platform."""
