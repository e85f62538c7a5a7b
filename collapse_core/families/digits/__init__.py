"""The digits family: 8 x 8 handwritten digits and a PCA + Gaussian-mixture image model."""
