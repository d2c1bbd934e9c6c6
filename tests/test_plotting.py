import numpy as np
import pytest
from sklearn.datasets import load_digits

from sklgan import ConditionalGANSampler
from sklgan.plotting import make_image_grid, plot_class_grid, plot_latent_traversal

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")


@pytest.fixture(scope="module")
def digits_infogan():
    X, y = load_digits(return_X_y=True)
    return ConditionalGANSampler("infogan", max_epochs=1, hidden_layer_sizes=(32,),
                                 latent_dim=8, random_state=0).fit(X[:300], y[:300])


def test_make_image_grid_layout_and_range():
    X = np.vstack([np.zeros((1, 16)), np.full((1, 16), 16.0)])
    grid = make_image_grid(X, (1, 4, 4), n_columns=2, padding=1, value_range=(0, 16))
    assert grid.shape == (6, 11, 3)
    assert grid[1:5, 1:5].max() == 0.0 and grid[1:5, 6:10].min() == 1.0
    rgb = make_image_grid(np.random.rand(3, 48), (3, 4, 4), n_columns=3)
    assert rgb.shape == (8, 20, 3) and 0 <= rgb.min() and rgb.max() <= 1


@pytest.mark.parametrize("shape, X", [((2, 4, 4), np.zeros((1, 32))),
                                      ((1, 4, 4), np.zeros((1, 15)))])
def test_make_image_grid_rejects_bad_shapes(shape, X):
    with pytest.raises(ValueError, match="image_shape|flattened"):
        make_image_grid(X, shape)


def test_plot_class_grid_draws_rows_per_class(digits_infogan, tmp_path):
    ax = plot_class_grid(digits_infogan, 5, classes=[1, 7], image_shape=(1, 8, 8),
                         random_state=0)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["1", "7"]
    image = ax.get_images()[0].get_array()
    assert image.shape == (2 + 2 * 10, 2 + 5 * 10, 3)
    path = tmp_path / "grid.png"
    ax.figure.savefig(path)
    assert path.stat().st_size > 0
    matplotlib.pyplot.close(ax.figure)


def test_plot_latent_traversal_varies_one_code(digits_infogan):
    fig, ax = matplotlib.pyplot.subplots()
    out = plot_latent_traversal(digits_infogan, code=0, n_values=4, classes=[3],
                                image_shape=(1, 8, 8), ax=ax, random_state=0)
    assert out is ax and ax.get_xlabel() == "continuous code 0"
    assert len(ax.get_xticklabels()) == 4
    matplotlib.pyplot.close(fig)


def test_plotting_errors(digits_infogan, iris):
    with pytest.raises(ValueError, match="image_shape"):
        plot_class_grid(digits_infogan)  # tabular pixel columns
    with pytest.raises(ValueError, match="code must be"):
        plot_latent_traversal(digits_infogan, code=5, image_shape=(1, 8, 8))
    acgan = ConditionalGANSampler(max_epochs=1, hidden_layer_sizes=(8,), latent_dim=4,
                                  random_state=0).fit(*iris)
    with pytest.raises(ValueError, match="kind='infogan'"):
        plot_latent_traversal(acgan, image_shape=(1, 2, 2))
