"""SmartStock: AI inventory management for small multi-channel e-commerce sellers."""

__version__ = "0.1.0"
