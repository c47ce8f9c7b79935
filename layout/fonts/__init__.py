"""The project's fonts: TrueType builds of Noto CJK and LXGW WenKai (see layout.fonts.build)."""
