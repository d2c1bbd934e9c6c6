import pytest
import torch
import torch.nn.functional as F

from sklgan._engine import Batch
from sklgan._losses import (
    ConditionalObjective,
    SGANObjective,
    class_logits,
    code_loss,
    conditional_entropy,
    feature_matching_loss,
    information_maximization_loss,
    interpolation_consistency_loss,
    masked_cross_entropy,
    neighbor_consistency_loss,
    nonsaturating_generator_loss,
    prior_divergence,
    random_affine,
    random_shift,
    real_fake_logit,
    real_fake_loss,
    shift_consistency_loss,
    virtual_adversarial_loss,
)


def test_implicit_real_fake_logit_is_logsumexp_and_stable():
    logits = torch.tensor([[0.0, 0.0], [1000.0, 1000.0], [-1000.0, -1000.0]])
    out = real_fake_logit(logits, "implicit")
    assert torch.isfinite(out).all()
    assert torch.allclose(out[0], torch.log(torch.tensor(2.0)))
    assert torch.allclose(out[1], torch.tensor(1000.0) + torch.log(torch.tensor(2.0)))
    # D(x) = Z / (Z + 1) = sigmoid(logsumexp)
    z = torch.exp(logits[0]).sum()
    assert torch.allclose(torch.sigmoid(out[0]), z / (z + 1))


def test_explicit_real_fake_logit_subtracts_fake_logit():
    logits = torch.tensor([[1.0, 2.0, 3.0]])
    expected = torch.logsumexp(logits[:, :2], 1) - logits[:, 2]
    assert torch.allclose(real_fake_logit(logits, "explicit"), expected)
    assert class_logits(logits, "explicit").shape == (1, 2)
    assert class_logits(logits, "implicit").shape == (1, 3)


def test_masked_cross_entropy_matches_and_handles_empty_mask():
    logits = torch.randn(5, 3, requires_grad=True)
    target = torch.tensor([0, 1, 2, -1, -1])
    mask = target >= 0
    got = masked_cross_entropy(logits, target, mask)
    assert torch.allclose(got, F.cross_entropy(logits[:3], target[:3]))
    empty = masked_cross_entropy(logits, target, torch.zeros(5, dtype=torch.bool))
    assert empty.item() == 0.0
    empty.backward()  # still differentiable
    assert torch.isfinite(logits.grad).all()


def test_real_fake_and_generator_losses():
    big = torch.full((4,), 50.0)
    assert real_fake_loss(big, -big).item() < 1e-6
    assert real_fake_loss(-big, big).item() > 50
    assert nonsaturating_generator_loss(big).item() < 1e-6
    f = torch.randn(8, 4)
    assert feature_matching_loss(f, f).item() == 0.0
    assert feature_matching_loss(f, f + 1).item() > 0.9


def test_code_loss_is_mse_and_handles_no_codes():
    a, b = torch.randn(6, 2), torch.randn(6, 2)
    assert torch.allclose(code_loss(a, b), F.mse_loss(a, b))
    assert code_loss(torch.randn(6, 0), torch.randn(6, 0)).item() == 0.0


class _RecordingDiscriminator(torch.nn.Module):
    """A linear 'discriminator' with fixed heads, to check the losses."""

    def __init__(self, n_features, n_aux):
        super().__init__()
        self.head = torch.nn.Linear(n_features, 1)
        self.aux = torch.nn.Linear(n_features, n_aux)

    def forward(self, x, return_all=False):
        return self.head(x), x, self.aux(x)


def test_conditional_objective_inputs_and_losses():
    torch.manual_seed(0)
    objective = ConditionalObjective(3, n_continuous=2, class_prior=[0.0, 1.0, 0.0])
    generator = torch.nn.Module()
    generator.latent_dim = 5
    z, condition = objective.sample_inputs(generator, 50, "cpu")
    assert z.shape == (50, 5) and condition.shape == (50, 5)
    categories, codes = objective.split_condition(condition)
    assert (categories == 1).all()  # drawn from the prior
    assert codes.min() >= -1 and codes.max() <= 1

    disc = _RecordingDiscriminator(4, objective.n_conditions)
    x = torch.randn(8, 4)
    batch = Batch(x, torch.tensor([0, 1, 2, 0, 1, 2, 0, 1]), x[:0], x[:0, 0].long())
    fake = torch.randn(8, 4)
    inputs = objective.sample_inputs(generator, 8, "cpu")
    loss, stats, context = objective.d_loss(disc, batch, fake, inputs)
    logits, _, aux = disc(torch.cat([x, fake]), return_all=True)
    categories, codes = objective.split_condition(inputs[1])
    expected = (real_fake_loss(logits[:8, 0], logits[8:, 0])
                + F.cross_entropy(aux[:8, :3], batch.y)
                + F.cross_entropy(aux[8:, :3], categories)
                + F.mse_loss(aux[8:, 3:], codes))
    assert torch.allclose(loss, expected)
    assert set(stats) == {"adv_loss", "code_loss", "class_loss", "class_acc"}
    g_loss = objective.g_loss(disc, batch, fake, context, inputs)
    expected_g = (nonsaturating_generator_loss(logits[8:, 0])
                  + F.cross_entropy(aux[8:, :3], categories)
                  + F.mse_loss(aux[8:, 3:], codes))
    assert torch.allclose(g_loss, expected_g)


def test_unsupervised_objective_ignores_real_labels():
    objective = ConditionalObjective(2, n_continuous=1, supervised=False)
    generator = torch.nn.Module()
    generator.latent_dim = 3
    disc = _RecordingDiscriminator(4, objective.n_conditions)
    x = torch.randn(6, 4)
    batch = Batch(x, torch.full((6,), -1), x[:0], x[:0, 0].long())
    inputs = objective.sample_inputs(generator, 6, "cpu")
    loss, stats, _ = objective.d_loss(disc, batch, torch.randn(6, 4), inputs)
    assert torch.isfinite(loss) and "class_loss" not in stats


def test_conditional_entropy_bounds():
    k = 4
    uniform = torch.zeros(3, k)
    assert torch.allclose(conditional_entropy(uniform), torch.log(torch.tensor(4.0)))
    confident = torch.tensor([[50.0, 0, 0, 0], [0, 0, 50.0, 0]])
    assert conditional_entropy(confident).item() < 1e-6
    logits = torch.randn(5, k, requires_grad=True)
    conditional_entropy(logits).backward()
    assert torch.isfinite(logits.grad).all()


def test_virtual_adversarial_loss_finds_the_sensitive_direction():
    torch.manual_seed(0)
    # a linear classifier that only looks at the first of 5 inputs
    weight = torch.zeros(2, 5)
    weight[0, 0], weight[1, 0] = 3.0, -3.0
    weight.requires_grad_()

    def classify(x):
        return x @ weight.T

    x = torch.randn(64, 5) * 0.1
    logits = classify(x)
    adv = virtual_adversarial_loss(classify, x, logits, eps=0.5)
    # the power iteration lands on the sensitive axis (in either sense): the
    # KL lies between those of moves of 0.5 along it away from and towards
    # the boundary, far above that of a random direction
    target = F.softmax(logits, 1)
    towards = torch.sign(logits[:, 0] - logits[:, 1])
    kl_along = []
    for sense in (-1, 1):
        moved = x.clone()
        moved[:, 0] += sense * 0.5 * towards
        kl_along.append(F.kl_div(F.log_softmax(classify(moved), 1), target,
                                 reduction="batchmean").item())
    d = torch.randn_like(x)
    d = 0.5 * d / d.norm(dim=1, keepdim=True)
    rand = F.kl_div(F.log_softmax(classify(x + d), 1), target, reduction="batchmean")
    assert 0.95 * min(kl_along) <= adv.item() <= 1.05 * max(kl_along)
    assert adv.item() > 3 * rand.item()
    # the gradient reaches the classifier through the perturbed pass
    adv.backward()
    assert weight.grad.abs().sum() > 0


def test_virtual_adversarial_loss_is_zero_for_an_insensitive_classifier():
    x = torch.randn(8, 3)
    bias = torch.tensor([1.0, -1.0])

    def classify(rows):
        return bias.expand(len(rows), 2) + 0 * rows.sum(1, keepdim=True)

    loss = virtual_adversarial_loss(classify, x, classify(x), eps=1.0)
    assert loss.item() == pytest.approx(0.0, abs=1e-7)


def test_interpolation_consistency_loss_mixes_rows_and_targets_alike():
    weight = torch.tensor([[2.0, -1.0, 0.5], [-1.0, 1.0, 0.0]], requires_grad=True)

    def classify(x):
        return torch.tanh(x) @ weight.T  # not linear: mixes stray

    x = torch.randn(6, 3)
    logits = classify(x)
    torch.manual_seed(4)
    loss = interpolation_consistency_loss(classify, x, logits)
    # the same draws: one share for the batch, then a permutation of its rows
    torch.manual_seed(4)
    lam = torch.rand(())
    perm = torch.randperm(6)
    p = F.softmax(logits.detach(), 1)
    target = lam * p + (1 - lam) * p[perm]
    mixed = F.softmax(classify(lam * x + (1 - lam) * x[perm]), 1)
    assert torch.allclose(loss, (mixed - target).pow(2).sum(1).mean())
    assert loss > 0
    # the rows' own distributions are fixed targets: the gradient flows
    # through the mixed pass only
    logits_leaf = logits.detach().requires_grad_()
    interpolation_consistency_loss(classify, x, logits_leaf).backward()
    assert logits_leaf.grad is None and weight.grad is not None


def test_interpolation_consistency_loss_is_zero_for_a_constant_classifier():
    bias = torch.tensor([0.3, -1.0, 2.0])

    def classify(rows):
        return bias.expand(len(rows), 3) + 0 * rows.sum(1, keepdim=True)

    x = torch.randn(8, 4)
    loss = interpolation_consistency_loss(classify, x, classify(x))
    assert loss.item() == pytest.approx(0.0, abs=1e-7)


def test_sgan_objective_interpolation_term_is_weighted_and_ramped():
    disc = _LinearClassifier(4, 3)
    torch.manual_seed(1)
    x, fake = torch.randn(8, 4), torch.randn(8, 4)
    batch = Batch(x, torch.full((8,), -1), x[:0], x[:0, 0].long())
    plain, _, context = SGANObjective().d_loss(disc, batch, fake)
    objective = SGANObjective(interpolation_weight=2.0)
    torch.manual_seed(5)
    loss, stats, context_ict = objective.d_loss(disc, batch, fake)
    torch.manual_seed(5)
    term = interpolation_consistency_loss(disc, x, disc(x))
    assert torch.allclose(stats["interpolation_loss"], term) and term > 0
    assert torch.allclose(loss, plain + 2.0 * term)
    assert torch.equal(context_ict["features"], context["features"])
    objective.ramp = 0.25
    torch.manual_seed(5)
    ramped, _, _ = objective.d_loss(disc, batch, fake)
    assert torch.allclose(ramped, plain + 0.5 * term)
    # a zero weight, or a single real row: no term
    assert "interpolation_loss" not in SGANObjective().d_loss(disc, batch, fake)[1]
    one = Batch(x[:1], torch.full((1,), -1), x[:0], x[:0, 0].long())
    assert "interpolation_loss" not in objective.d_loss(disc, one, fake)[1]


class _LinearClassifier(torch.nn.Module):
    """A linear SGAN discriminator whose features are its inputs."""

    def __init__(self, n_features, n_logits):
        super().__init__()
        torch.manual_seed(0)
        self.head = torch.nn.Linear(n_features, n_logits)

    def forward(self, x, return_all=False):
        logits = self.head(x)
        return (logits, x, None) if return_all else logits


@pytest.mark.parametrize("fake_class", ["implicit", "explicit"])
def test_sgan_objective_sums_its_terms(fake_class):
    """Discriminator loss = supervised cross-entropy on the labeled stream +
    real-vs-fake loss + the weighted entropy and VAT terms of the real rows;
    generator loss = feature matching or the minimax loss."""
    torch.manual_seed(1)
    n_classes = 3
    objective = SGANObjective(fake_class=fake_class, entropy_weight=0.5)
    disc = _LinearClassifier(4, objective.n_logits(n_classes))
    x, x_lab = torch.randn(8, 4), torch.randn(3, 4)
    y_lab = torch.tensor([0, 1, 2])
    batch = Batch(x, torch.full((8,), -1), x_lab, y_lab)
    fake = torch.randn(8, 4)
    loss, stats, context = objective.d_loss(disc, batch, fake)
    logits_lab, logits_unl, logits_fake = disc(x_lab), disc(x), disc(fake)
    # over all the logits: with an explicit fake class, over K + 1
    sup = F.cross_entropy(logits_lab, y_lab)
    unsup = real_fake_loss(real_fake_logit(logits_unl, fake_class),
                           real_fake_logit(logits_fake, fake_class))
    entropy = conditional_entropy(class_logits(logits_unl, fake_class))
    assert torch.allclose(loss, sup + unsup + 0.5 * entropy)
    assert set(stats) == {"unsup_loss", "entropy", "sup_loss", "sup_acc"}
    assert torch.allclose(stats["sup_loss"], sup)
    assert torch.equal(context["features"], x)  # feature matching's target
    assert torch.allclose(objective.g_loss(disc, batch, fake, context),
                          feature_matching_loss(x, fake))
    minimax = SGANObjective(fake_class=fake_class, generator_loss="minimax")
    assert torch.allclose(minimax.g_loss(disc, batch, fake, context),
                          nonsaturating_generator_loss(
                              real_fake_logit(logits_fake, fake_class)))


def test_sgan_objective_vat_term_and_unlabeled_batches():
    torch.manual_seed(2)
    objective = SGANObjective(consistency_weight=2.0, consistency_eps=0.3)
    disc = _LinearClassifier(4, 3)
    x = torch.randn(8, 4)
    batch = Batch(x, torch.full((8,), -1), x[:0], x[:0, 0].long())
    fake = torch.randn(8, 4)
    torch.manual_seed(3)
    loss, stats, _ = objective.d_loss(disc, batch, fake)
    # a batch without labeled rows has no supervised term
    assert "sup_loss" not in stats and "sup_acc" not in stats
    unsup = real_fake_loss(real_fake_logit(disc(x)), real_fake_logit(disc(fake)))
    eps = 0.3 * x.var(dim=0, unbiased=False).sum().sqrt()
    torch.manual_seed(3)  # the same random start of the power iteration
    vat = virtual_adversarial_loss(disc, x, disc(x), eps)
    assert vat.item() > 0
    assert torch.allclose(stats["vat_loss"], vat)
    assert torch.allclose(loss, unsup + 2.0 * vat)
    # a weight of 0 removes the term and its statistic
    plain = SGANObjective()
    loss0, stats0, _ = plain.d_loss(disc, batch, fake)
    assert torch.allclose(loss0, unsup) and set(stats0) == {"unsup_loss"}


def test_sgan_objective_predict_proba_is_the_class_softmax():
    logits = torch.tensor([[1.0, 2.0, 0.5]])
    implicit = SGANObjective("implicit").predict_proba(logits)
    explicit = SGANObjective("explicit").predict_proba(logits)
    assert torch.allclose(implicit, torch.softmax(logits, 1))
    assert torch.allclose(explicit, torch.softmax(logits[:, :2], 1))
    # the log-probabilities: float64, finite where the probability underflows
    far = torch.tensor([[0.0, 200.0, 1.0]])
    for fake_class, columns in [("implicit", slice(None)), ("explicit", slice(0, 2))]:
        log_proba = SGANObjective(fake_class).predict_log_proba(far)
        assert log_proba.dtype == torch.float64 and torch.isfinite(log_proba).all()
        assert torch.allclose(log_proba, torch.log_softmax(far[:, columns].double(), 1))
        assert SGANObjective(fake_class).predict_proba(far)[0, 0] == 0.0


def test_sgan_objective_ramp_scales_both_regularisers():
    torch.manual_seed(4)
    disc = _LinearClassifier(4, 3)
    x = torch.randn(8, 4)
    batch = Batch(x, torch.full((8,), -1), x[:0], x[:0, 0].long())
    fake = torch.randn(8, 4)
    objective = SGANObjective(consistency_weight=1.0, entropy_weight=2.0)
    torch.manual_seed(5)
    full, stats, _ = objective.d_loss(disc, batch, fake)
    objective.ramp = 0.25
    torch.manual_seed(5)
    ramped, _, _ = objective.d_loss(disc, batch, fake)
    extra = stats["vat_loss"] + 2.0 * stats["entropy"]
    assert torch.allclose(full - ramped, 0.75 * extra, atol=1e-6)


def test_information_maximization_loss_rewards_confident_balanced_categories():
    k = 4
    # every row sure of its category, the categories used evenly: -log K
    balanced = torch.eye(k).repeat(2, 1) * 50
    assert torch.allclose(information_maximization_loss(balanced),
                          -torch.log(torch.tensor(4.0)), atol=1e-4)
    # sure, but all in one category (collapse): 0
    collapsed = torch.zeros(8, k)
    collapsed[:, 0] = 50
    assert information_maximization_loss(collapsed).abs().item() < 1e-4
    # unsure rows: H(c|x) = H(c) = log K, so 0 too
    assert information_maximization_loss(torch.zeros(8, k)).abs().item() < 1e-6
    # the balance weight scales the marginal term only
    assert torch.allclose(information_maximization_loss(balanced, balance=0.5),
                          -0.5 * torch.log(torch.tensor(4.0)), atol=1e-4)


def _unlabeled_setup(n_features):
    """Six unlabeled real rows, six generated ones, an unsupervised InfoGAN
    objective (2 categories, 1 code), a linear discriminator and generator
    inputs."""
    generator = torch.nn.Module()
    generator.latent_dim = 3
    x = torch.randn(6, n_features)
    batch = Batch(x, torch.full((6,), -1), x[:0], x[:0, 0].long())
    fake = torch.randn(6, n_features)
    base = ConditionalObjective(2, n_continuous=1, supervised=False)
    disc = _RecordingDiscriminator(n_features, base.n_conditions)
    return x, batch, fake, base, disc, base.sample_inputs(generator, 6, "cpu")


def test_unsupervised_infogan_clustering_terms():
    """Without labels, cluster_weight and consistency_weight add the
    information-maximisation and VAT terms of the real rows' categories;
    with labels they are not used."""
    x, batch, fake, base, disc, inputs = _unlabeled_setup(4)
    loss0, stats0, _ = base.d_loss(disc, batch, fake, inputs)
    clustered = ConditionalObjective(2, n_continuous=1, supervised=False,
                                     cluster_weight=2.0, cluster_balance=3.0)
    loss1, stats1, _ = clustered.d_loss(disc, batch, fake, inputs)
    category_logits = disc(x, return_all=True)[2][:, :2]
    im = information_maximization_loss(category_logits, balance=3.0)
    assert torch.allclose(stats1["cluster_loss"], im)
    assert torch.allclose(loss1, loss0 + 2.0 * im)
    torch.manual_seed(0)
    vat = ConditionalObjective(2, n_continuous=1, supervised=False,
                               consistency_weight=1.0)
    loss2, stats2, _ = vat.d_loss(disc, batch, fake, inputs)
    assert torch.allclose(loss2, loss0 + stats2["vat_loss"])
    labeled = Batch(x, torch.tensor([0, 1, 0, 1, 0, 1]), x[:0], x[:0, 0].long())
    supervised = ConditionalObjective(2, n_continuous=1, cluster_weight=2.0)
    _, stats3, _ = supervised.d_loss(disc, labeled, fake, inputs)
    assert "cluster_loss" not in stats3 and "class_loss" in stats3
    # category_weight scales the category term of generated rows
    heavy = ConditionalObjective(2, n_continuous=1, supervised=False,
                                 category_weight=3.0)
    loss4, _, _ = heavy.d_loss(disc, batch, fake, inputs)
    category, _ = base._fake_terms(disc(fake, return_all=True)[2], inputs)
    assert torch.allclose(loss4, loss0 + 2.0 * category)


def test_prior_divergence_is_zero_at_the_prior_and_pulls_towards_it():
    prior = torch.tensor([0.5, 0.3, 0.2])
    # rows predicted, on average, in the prior's proportions: 0
    logits = torch.log(prior).repeat(6, 1)
    assert prior_divergence(logits, prior).abs().item() < 1e-6
    confident = torch.eye(3)[[0, 0, 0, 1, 1, 2, 2, 2, 2, 2]] * 40  # 0.3/0.2/0.5
    expected = (prior * torch.log(prior / torch.tensor([0.3, 0.2, 0.5]))).sum()
    assert torch.allclose(prior_divergence(confident, prior), expected, atol=1e-5)
    # every row in class 0: the gradient moves the mean away from class 0
    logits = torch.zeros(5, 3, requires_grad=True)
    with torch.no_grad():
        logits[:, 0] = 3.0
    prior_divergence(logits, torch.full((3,), 1 / 3)).backward()
    assert (logits.grad[:, 0] > 0).all() and (logits.grad[:, 1:] < 0).all()
    # a class absent from the prior has no term of its own: only the mass it
    # takes from the prior's classes counts
    absent = torch.tensor([0.5, 0.5, 0.0])
    two = torch.tensor([[2.0, 2.0, -1.0]]).repeat(4, 1)
    two_and_absent = torch.tensor([[2.0, 2.0, 5.0]]).repeat(4, 1)
    assert prior_divergence(two, absent).item() < prior_divergence(
        two_and_absent, absent).item()  # less mass on the prior's classes
    assert torch.allclose(prior_divergence(two, absent),
                          -torch.log(torch.softmax(two[0], 0)[:2] * 2).mean())


def test_sgan_objective_prior_term_uses_the_labeled_rows_proportions():
    torch.manual_seed(6)
    disc = _LinearClassifier(4, 3)
    x, x_lab = torch.randn(8, 4), torch.randn(4, 4)
    y_lab = torch.tensor([0, 0, 1, 2])
    batch = Batch(x, torch.full((8,), -1), x_lab, y_lab)
    fake = torch.randn(8, 4)
    plain, stats0, _ = SGANObjective().d_loss(disc, batch, fake)
    objective = SGANObjective(prior_weight=3.0)
    loss, stats, _ = objective.d_loss(disc, batch, fake)
    divergence = prior_divergence(disc(x), torch.tensor([0.5, 0.25, 0.25]))
    assert torch.allclose(stats["prior_loss"], divergence)
    assert torch.allclose(loss, plain + 3.0 * divergence)
    assert "prior_loss" not in stats0
    objective.ramp = 0.5  # ramped up with the other unlabeled-row terms
    ramped, _, _ = objective.d_loss(disc, batch, fake)
    assert torch.allclose(ramped, plain + 1.5 * divergence)
    # a batch without labeled rows has no prior to match
    unlabeled = Batch(x, torch.full((8,), -1), x[:0], x[:0, 0].long())
    _, stats_u, _ = objective.d_loss(disc, unlabeled, fake)
    assert "prior_loss" not in stats_u


def test_neighbor_consistency_pulls_the_neighbour_towards_the_row():
    logits = torch.tensor([[3.0, 0.0, 0.0], [0.0, 2.0, 0.0]], requires_grad=True)
    same = neighbor_consistency_loss(logits, logits.detach().clone())
    assert same.abs().item() < 1e-6
    neighbour = torch.zeros(2, 3, requires_grad=True)
    loss = neighbor_consistency_loss(logits, neighbour)
    p = torch.softmax(logits.detach(), 1)
    expected = (p * (p.log() - torch.log_softmax(neighbour.detach(), 1))).sum(1).mean()
    assert torch.allclose(loss, expected)
    loss.backward()
    assert logits.grad is None  # the row's own distribution is the target
    # the neighbour's logit of the row's class goes up
    assert neighbour.grad[0, 0] < 0 and neighbour.grad[1, 1] < 0


def test_sgan_objective_neighbour_term_uses_the_batch_neighbours():
    torch.manual_seed(7)
    disc = _LinearClassifier(4, 3)
    x, x_nbr = torch.randn(8, 4), torch.randn(8, 4)
    fake = torch.randn(8, 4)
    without = Batch(x, torch.full((8,), -1), x[:0], x[:0, 0].long())
    batch = Batch(x, torch.full((8,), -1), x[:0], x[:0, 0].long(), x_nbr)
    plain, _, context = SGANObjective().d_loss(disc, without, fake)
    objective = SGANObjective(neighbor_weight=2.0)
    loss, stats, context_nbr = objective.d_loss(disc, batch, fake)
    term = neighbor_consistency_loss(disc(x), disc(x_nbr))
    assert torch.allclose(stats["neighbor_loss"], term) and term > 0
    assert torch.allclose(loss, plain + 2.0 * term)
    # the generator still matches the features of the real rows only
    assert torch.equal(context_nbr["features"], context["features"])
    objective.ramp = 0.25
    ramped, _, _ = objective.d_loss(disc, batch, fake)
    assert torch.allclose(ramped, plain + 0.5 * term)
    # no neighbours in the batch, or a zero weight: no term
    assert "neighbor_loss" not in objective.d_loss(disc, without, fake)[1]
    assert "neighbor_loss" not in SGANObjective().d_loss(disc, batch, fake)[1]


def test_random_shift_moves_each_image_by_its_own_whole_pixel_offset():
    """Every shifted image is its original moved by one of the offsets up to
    max_shift (uncovered pixels at the fill value), and the offsets differ
    between images."""
    torch.manual_seed(0)
    n, shape = 200, (2, 5, 6)
    x = torch.arange(n * 60, dtype=torch.float32).reshape(n, 60)  # all distinct
    shifted = random_shift(x, shape, 1, fill=-7.0)
    assert shifted.shape == x.shape
    images = x.view(n, *shape)
    offsets = set()
    for i in range(n):
        matches = []
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                expected = torch.full(shape, -7.0)
                rows = slice(max(dy, 0), 5 + min(dy, 0))
                cols = slice(max(dx, 0), 6 + min(dx, 0))
                to_rows = slice(max(-dy, 0), 5 + min(-dy, 0))
                to_cols = slice(max(-dx, 0), 6 + min(-dx, 0))
                expected[:, to_rows, to_cols] = images[i, :, rows, cols]
                if torch.equal(shifted[i].view(shape), expected):
                    matches.append((dy, dx))
        assert len(matches) == 1  # one offset, both channels moved together
        offsets.add(matches[0])
    assert len(offsets) == 9  # every offset drawn, per image
    assert torch.equal(random_shift(x, shape, 0), x)  # no move: a copy


def _blob(size, centre, width=1.0):
    """A square image of a Gaussian bump at ``centre`` (row, column) on a
    background of -1, flattened to one row."""
    rows, cols = torch.meshgrid(torch.arange(size, dtype=torch.float32),
                                torch.arange(size, dtype=torch.float32), indexing="ij")
    squared = (rows - centre[0]) ** 2 + (cols - centre[1]) ** 2
    bump = torch.exp(-squared / (2 * width ** 2))
    return (2 * bump - 1).reshape(1, -1)


def _centre_of_ink(x, size):
    """Centre (row, column) of each flat image's ink above the background."""
    ink = (x + 1).view(-1, size, size)
    grid = torch.arange(size, dtype=torch.float32)
    total = ink.sum((1, 2))
    return torch.stack([(ink.sum(2) * grid).sum(1) / total,
                        (ink.sum(1) * grid).sum(1) / total], dim=1)


def test_random_affine_moves_each_image_by_its_own_small_map():
    """No move leaves the images as they are; a translation moves each
    image's ink by up to max_shift pixels along each axis, by a different
    amount for every image; a rotation turns an image about its centre (a
    round bump there stays put, one beside it moves along a circle);
    uncovered pixels take the fill value."""
    torch.manual_seed(0)
    x = torch.rand(5, 2 * 7 * 7) * 2 - 1
    still = random_affine(x, (2, 7, 7), 0, max_rotation=0, max_scale=0)
    assert torch.allclose(still, x, atol=1e-5)

    size, n = 15, 300
    blob = _blob(size, (7, 7), width=1.5).repeat(n, 1)
    moved = random_affine(blob, (1, size, size), 2, max_rotation=0, max_scale=0)
    steps = _centre_of_ink(moved, size) - torch.tensor([7.0, 7.0])
    assert steps.abs().max() <= 2.05  # up to 2 pixels along each axis
    assert steps.abs().max() > 1.5  # the whole range is drawn
    assert (steps.abs() > 0.02).float().mean() > 0.9  # not only whole pixels
    assert len(torch.unique(steps.round(decimals=3), dim=0)) == n  # one each

    turned = random_affine(blob, (1, size, size), 0, max_rotation=30, max_scale=0)
    assert torch.allclose(_centre_of_ink(turned, size), torch.tensor([7.0, 7.0]),
                          atol=1e-3)
    beside = random_affine(_blob(size, (7, 11), width=1.5).repeat(n, 1),
                           (1, size, size), 0, max_rotation=30, max_scale=0)
    offset = _centre_of_ink(beside, size) - torch.tensor([7.0, 7.0])
    radius, angle = offset.norm(dim=1), torch.atan2(offset[:, 0], offset[:, 1])
    assert torch.allclose(radius, torch.full((n,), 4.0), atol=0.1)
    assert angle.abs().max() <= torch.pi / 6 + 0.02  # within 30 degrees
    assert angle.abs().max() > torch.pi / 6 - 0.05

    flat = torch.full((n, 36), 3.0)
    shrunk = random_affine(flat, (1, 6, 6), 0, max_rotation=0, max_scale=0.5,
                           fill=-7.0)
    assert shrunk.min() >= -7.0 - 1e-5 and shrunk.max() <= 3.0 + 1e-5
    assert (shrunk.view(n, 6, 6)[:, 0, 0] < 3.0 - 1e-3).any()  # a corner uncovered
    assert (shrunk > 3.0 - 1e-5).float().mean() > 0.5


@pytest.mark.parametrize("transform", ["affine", "translate"])
def test_shift_consistency_loss_compares_each_image_with_its_moved_copy(transform):
    """The divergence from an image's class distribution to that of its
    moved copy (by the chosen moves): positive for a classifier that reads
    single pixels, with the gradient through the moved copy only (the
    image's own distribution is a fixed target); for whole-pixel moves,
    zero for a classifier that cannot see where a stroke sits."""
    shape = (1, 6, 6)
    strokes = torch.full((8, *shape), -1.0)
    strokes[:, :, 2:4, 2:4] = torch.rand(8, 1, 2, 2)  # background all round
    x = strokes.view(8, -1)
    weight = torch.randn(36, 3, requires_grad=True)

    def by_pixel(rows):
        return rows @ weight

    def by_ink(rows):  # the total ink, wherever it is
        return rows.sum(1, keepdim=True) * torch.tensor([[1.0, -1.0, 0.5]])

    if transform == "translate":
        torch.manual_seed(0)
        assert shift_consistency_loss(by_ink, x, shape, transform).item() == (
            pytest.approx(0, abs=1e-6))
    torch.manual_seed(0)
    loss = shift_consistency_loss(by_pixel, x, shape, transform)
    torch.manual_seed(0)
    move = random_affine if transform == "affine" else random_shift
    moved = move(x, shape, 1)
    expected = F.kl_div(F.log_softmax(by_pixel(moved), 1),
                        F.softmax(by_pixel(x), 1).detach(), reduction="batchmean")
    assert loss > 0 and torch.allclose(loss, expected)
    loss.backward()
    assert weight.grad.abs().sum() > 0
    with pytest.raises(ValueError, match="transform must be one of"):
        shift_consistency_loss(by_pixel, x, shape, "rotate")


def test_sgan_objective_shift_term_is_weighted_ramped_and_for_images_only():
    disc = _LinearClassifier(16, 3)
    torch.manual_seed(1)
    x, fake = torch.randn(8, 16), torch.randn(8, 16)
    batch = Batch(x, torch.full((8,), -1), x[:2], torch.tensor([0, 1]))
    plain, _, context = SGANObjective().d_loss(disc, batch, fake)
    objective = SGANObjective(shift_weight=2.0, image_shape=(1, 4, 4))
    torch.manual_seed(5)
    loss, stats, context_shift = objective.d_loss(disc, batch, fake)
    torch.manual_seed(5)
    term = shift_consistency_loss(disc, x, (1, 4, 4))
    assert torch.allclose(stats["shift_loss"], term) and term > 0
    assert torch.allclose(loss, plain + 2.0 * term)
    assert torch.equal(context_shift["features"], context["features"])
    objective.ramp = 0.25
    torch.manual_seed(5)
    assert torch.allclose(objective.d_loss(disc, batch, fake)[0], plain + 0.5 * term)
    # tables (no image_shape) and a zero weight: no term
    # the moves are the objective's: whole-pixel translations on request
    translating = SGANObjective(shift_weight=2.0, image_shape=(1, 4, 4),
                                shift_transform="translate")
    torch.manual_seed(5)
    by_pixels = translating.d_loss(disc, batch, fake)[1]["shift_loss"]
    torch.manual_seed(5)
    assert torch.allclose(by_pixels, shift_consistency_loss(disc, x, (1, 4, 4),
                                                            "translate"))
    assert not torch.allclose(by_pixels, term)
    table = SGANObjective(shift_weight=2.0)
    assert "shift_loss" not in table.d_loss(disc, batch, fake)[1]
    assert "shift_loss" not in SGANObjective(image_shape=(1, 4, 4)).d_loss(
        disc, batch, fake)[1]


def test_unsupervised_infogan_shift_term_on_images_only():
    """shift_weight adds the divergence between the categories of real
    images and of their shifted copies, only for images and without labels;
    it is zero for a head that ignores where the strokes are."""
    torch.manual_seed(0)
    x, batch, fake, base, disc, inputs = _unlabeled_setup(16)
    loss0, stats0, _ = base.d_loss(disc, batch, fake, inputs)
    assert "shift_loss" not in stats0
    shifted = ConditionalObjective(2, n_continuous=1, supervised=False,
                                   shift_weight=2.0, image_shape=(1, 4, 4))
    loss1, stats1, _ = shifted.d_loss(disc, batch, fake, inputs)
    assert stats1["shift_loss"] > 0
    assert torch.allclose(loss1, loss0 + 2.0 * stats1["shift_loss"])
    # gradient reaches the category head through the shifted pass
    loss1.backward()
    assert disc.aux.weight.grad.abs().sum() > 0
    # the term is the divergence under the objective's moves (affine by
    # default, whole pixels on request), read through the category head
    def categorize(rows):
        return disc(rows, return_all=True)[2][:, :2]

    for transform in ("affine", "translate"):
        objective = ConditionalObjective(2, n_continuous=1, supervised=False,
                                         shift_weight=2.0, image_shape=(1, 4, 4),
                                         shift_transform=transform)
        torch.manual_seed(3)
        got = objective.d_loss(disc, batch, fake, inputs)[1]["shift_loss"]
        torch.manual_seed(3)
        assert torch.allclose(got, shift_consistency_loss(categorize, x, (1, 4, 4),
                                                          transform))
    # a head that reads only the mean pixel does not see a stroke move by
    # whole pixels inside a background at the fill value: no divergence
    with torch.no_grad():
        disc.aux.weight.zero_()
        disc.aux.weight[:2] = torch.tensor([0.1, -0.1])[:, None]
    strokes = torch.full((6, 1, 4, 4), -1.0)
    strokes[:, :, 1:3, 1:3] = torch.rand(6, 1, 2, 2)
    stroke_batch = Batch(strokes.view(6, 16), torch.full((6,), -1), x[:0],
                         x[:0, 0].long())
    _, stats2, _ = objective.d_loss(disc, stroke_batch, fake, inputs)
    assert stats2["shift_loss"] < 1e-6
    # not for tables, nor with labels
    table = ConditionalObjective(2, n_continuous=1, supervised=False, shift_weight=2.0)
    assert "shift_loss" not in table.d_loss(disc, batch, fake, inputs)[1]
    labeled = Batch(x, torch.tensor([0, 1, 0, 1, 0, 1]), x[:0], x[:0, 0].long())
    supervised = ConditionalObjective(2, n_continuous=1, shift_weight=2.0,
                                      image_shape=(1, 4, 4))
    assert "shift_loss" not in supervised.d_loss(disc, labeled, fake, inputs)[1]


class _RecordingClassifier(_LinearClassifier):
    """Records every batch of rows it reads."""

    def __init__(self, n_features, n_logits):
        super().__init__(n_features, n_logits)
        self.seen = []

    def forward(self, x, return_all=False):
        self.seen.append(x.detach().clone())
        return super().forward(x, return_all)


def test_sgan_objective_dequantizes_only_the_discrete_columns():
    """With dequantization widths, every row the discriminator reads, real
    (labeled and unlabeled) or generated, carries uniform noise of that
    width on its discrete columns and none on the others; without widths
    it reads the rows as they are."""
    torch.manual_seed(3)
    widths = (0.0, 0.5, 2.0)
    x, x_lab = torch.zeros(400, 3), torch.zeros(10, 3)
    batch = Batch(x, torch.full((400,), -1), x_lab, torch.zeros(10, dtype=torch.long))
    fake = torch.zeros(400, 3)
    objective = SGANObjective(dequantization_widths=widths)
    disc = _RecordingClassifier(3, 2)
    objective.d_loss(disc, batch, fake)
    (rows,) = disc.seen  # one pass over labeled, unlabeled and generated rows
    assert len(rows) == 810
    assert torch.equal(rows[:, 0], torch.zeros(810))
    for column, width in ((1, 0.5), (2, 2.0)):
        values = rows[:, column]
        assert values.abs().max() <= width / 2
        # uniform over the whole width: the extremes are nearly reached
        assert values.max() > 0.45 * width and values.min() < -0.45 * width
        assert abs(values.std().item() - width / 12 ** 0.5) < 0.05 * width
    objective.g_loss(disc, batch, fake, {"features": x})
    assert disc.seen[-1][:, 2].abs().max() > 0.9
    plain = _RecordingClassifier(3, 2)
    SGANObjective().d_loss(plain, batch, fake)
    assert torch.equal(plain.seen[0], torch.zeros(810, 3))
