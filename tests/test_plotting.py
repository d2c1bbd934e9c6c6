import numpy as np
import pytest
from sklearn.datasets import load_digits

from sklgan import ConditionalGANSampler
from sklgan.plotting import make_image_grid, plot_class_grid, plot_latent_traversal

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot  # noqa: E402  (matplotlib.pyplot.subplots below)


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


def test_make_image_grid_rejects_an_empty_array():
    with pytest.raises(ValueError, match="no image"):
        make_image_grid(np.zeros((0, 16)), (1, 4, 4))


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
    """Along a row only the code moves: the tiles are the sampler's rows
    for one noise vector and evenly spaced values of that code (the other
    at 0), and neighbouring tiles differ."""
    from sklgan.plotting import _image_settings

    fig, ax = matplotlib.pyplot.subplots()
    rs = np.random.RandomState(0)  # an instance is accepted, as documented
    out = plot_latent_traversal(digits_infogan, code=1, n_values=4, classes=[3],
                                image_shape=(1, 8, 8), ax=ax, random_state=rs)
    assert out is ax and ax.get_xlabel() == "continuous code 1"
    assert len(ax.get_xticklabels()) == 4
    drawn = ax.get_images()[0].get_array()
    noise = np.random.RandomState(0).standard_normal((1, digits_infogan.latent_dim))
    codes = np.zeros((4, 2))
    codes[:, 1] = np.linspace(-1, 1, 4)
    X, y = digits_infogan.sample(4, y=3, codes=codes, noise=np.repeat(noise, 4, axis=0))
    assert y.tolist() == [3] * 4
    _, value_range = _image_settings(digits_infogan, (1, 8, 8), None)
    expected = make_image_grid(X, (1, 8, 8), n_columns=4, value_range=value_range)
    np.testing.assert_allclose(drawn, expected, atol=1e-6)
    tiles = [X[i] for i in range(4)]
    assert all(np.abs(a - b).max() > 1e-3 for a, b in zip(tiles, tiles[1:]))
    matplotlib.pyplot.close(fig)


def test_sample_noise_fixes_the_rows(digits_infogan):
    noise = np.random.RandomState(1).standard_normal((3, digits_infogan.latent_dim))
    a, _ = digits_infogan.sample(3, y=2, codes=np.zeros((3, 2)), noise=noise,
                                 random_state=0)
    b, _ = digits_infogan.sample(3, y=2, codes=np.zeros((3, 2)), noise=noise,
                                 random_state=99)
    np.testing.assert_array_equal(a, b)
    c, _ = digits_infogan.sample(3, y=2, codes=np.zeros((3, 2)), noise=-noise)
    assert np.abs(a - c).max() > 1e-3
    with pytest.raises(ValueError, match="noise must hold"):
        digits_infogan.sample(3, noise=noise[:2])


def test_plotting_errors(digits_infogan, iris):
    with pytest.raises(ValueError, match="image_shape"):
        plot_class_grid(digits_infogan)  # tabular pixel columns
    with pytest.raises(ValueError, match="code must be"):
        plot_latent_traversal(digits_infogan, code=5, image_shape=(1, 8, 8))
    acgan = ConditionalGANSampler(max_epochs=1, hidden_layer_sizes=(8,), latent_dim=4,
                                  random_state=0).fit(*iris)
    with pytest.raises(ValueError, match="kind='infogan'"):
        plot_latent_traversal(acgan, image_shape=(1, 2, 2))


def test_pictures_need_a_conditional_sampler_of_numeric_columns(iris):
    from sklgan import SGANClassifier
    from sklgan.datasets import make_mixed_table

    X, y = iris
    sgan = SGANClassifier(max_epochs=1, hidden_layer_sizes=(8,), latent_dim=4,
                          random_state=0).fit(X, y)
    for draw in (plot_class_grid, plot_latent_traversal):
        with pytest.raises(TypeError, match="got SGANClassifier"):
            draw(sgan, image_shape=(1, 2, 2))
    table, labels = make_mixed_table(60, random_state=0)
    sampler = ConditionalGANSampler(max_epochs=1, hidden_layer_sizes=(8,),
                                    latent_dim=4, random_state=0).fit(table, labels)
    with pytest.raises(ValueError, match="categorical columns"):
        plot_class_grid(sampler, 2, image_shape=(1, 2, 4))
