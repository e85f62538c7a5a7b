"""The continuous family: 1-D values from known distributions, fitted by a bell curve, a mixture
of bell curves or a kernel density estimate."""
