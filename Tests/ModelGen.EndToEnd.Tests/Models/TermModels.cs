using static ModelGen.Terms.Math;

namespace ModelGen.EndToEnd.Tests.Models;

// Models with straight-line [Term] methods (docs/terms.md, "Terms"; TermTests): a conjugate normal mean whose
// posterior is known in closed form, a model reading vector and matrix data and parameters by constant index, and one
// term per function of the math library in double and in float.

/// <summary>
/// y ~ N(Mu, 1) for four observations (three elements of a data vector by constant index, one data scalar), Mu ~ N(1, 2):
/// the posterior of Mu is normal with precision 1/4 + 4 and mean (1/4 + Σy)/(1/4 + 4).
/// </summary>
[Model<double>]
public partial class NormalMeanTerm
{
    [Data] public partial ReadOnlySpan<double> Y { get; }

    [Data] public partial double Last { get; }

    [Normal(1, 2)] public partial double Mu { get; }

    [Term]
    double Likelihood()
    {
        double lp = Normal(Y[0], Mu, 1);
        lp += Normal(Y[1], Mu, 1);
        lp += Normal(Y[2], Mu, 1.0);
        double last = Normal(Last, Mu, 1);
        return lp + last;
    }
}

/// <summary>Reads of vector and matrix data and parameters by constant index and by .Length, locals reassigned, two terms.</summary>
[Model<double>]
public partial class IndexedTerms
{
    [Data] public partial int K { get; }

    [Data] public partial ReadOnlySpan<double> X { get; }

    [Data] public partial Matrix<double> M { get; }

    [Normal(0, 1), Size(nameof(K))] public partial ReadOnlySpan<double> Beta { get; }

    [Normal(0, 1), Size(2, 2)] public partial Matrix<double> Z { get; }

    [HalfNormal(1)] public partial double Sigma { get; }

    [Term]
    double Regression()
    {
        double mu = Beta[0] * X[0];
        mu += Beta[1] * X[1];
        mu = mu + (Beta[Beta.Length - 1] * X[X.Length - 1]);
        double z = (M[1, 0] - mu) / Sigma;
        z *= z;
        return (-0.5 * z) - Log(Sigma) + StudentT(Z[0, 1], 3, Z[1, 0] * M[0, 1], Sqrt(Sigma + 1));
    }

    [Term]
    double Shrink() => -Square(Z[1, 1] - Z[0, 0]) / (2 * K);
}

/// <summary>One term per function of the math library, each with parameters of its own (in double): the gradient of each
/// against central differences and the kernel against the term as written (TermTests).</summary>
[Model<double>]
public partial class FunctionTermsD
{
    [Data(Min = 0, Max = 1)] public partial ReadOnlySpan<int> Flags { get; }

    [Normal(0, 1)] public partial double Exp0 { get; }
    [HalfNormal(1)] public partial double Log0 { get; }
    [HalfNormal(1)] public partial double Log1p0 { get; }
    [Normal(0, 1)] public partial double Expm10 { get; }
    [Normal(0, 1)] public partial double Log1pExp0 { get; }
    [Normal(0, 1)] public partial double Sigmoid0 { get; }
    [Normal(0, 1)] public partial double LogSigmoid0 { get; }
    [Normal(0, 1)] public partial double Tanh0 { get; }
    [HalfNormal(1)] public partial double Pow0 { get; }
    [Normal(0, 1)] public partial double Pow1 { get; }
    [HalfNormal(1)] public partial double Sqrt0 { get; }
    [Normal(0, 1)] public partial double Square0 { get; }
    [Normal(0, 1)] public partial double Abs0 { get; }
    [HalfNormal(1)] public partial double LGamma0 { get; }
    [HalfNormal(1)] public partial double LBeta0 { get; }
    [HalfNormal(1)] public partial double LBeta1 { get; }
    [Normal(0, 1)] public partial double Normal0 { get; }
    [Normal(0, 1)] public partial double Normal1 { get; }
    [HalfNormal(1)] public partial double Normal2 { get; }
    [HalfNormal(1)] public partial double HalfNormal0 { get; }
    [HalfNormal(1)] public partial double HalfNormal1 { get; }
    [Normal(0, 1)] public partial double StudentT0 { get; }
    [HalfNormal(1)] public partial double StudentT1 { get; }
    [Normal(0, 1)] public partial double StudentT2 { get; }
    [HalfNormal(1)] public partial double StudentT3 { get; }
    [HalfNormal(1)] public partial double HalfStudentT0 { get; }
    [HalfNormal(1)] public partial double HalfStudentT1 { get; }
    [HalfNormal(1)] public partial double HalfStudentT2 { get; }
    [Normal(0, 1)] public partial double Cauchy0 { get; }
    [Normal(0, 1)] public partial double Cauchy1 { get; }
    [HalfNormal(1)] public partial double Cauchy2 { get; }
    [HalfNormal(1)] public partial double HalfCauchy0 { get; }
    [HalfNormal(1)] public partial double HalfCauchy1 { get; }
    [Normal(0, 1)] public partial double Laplace0 { get; }
    [Normal(0, 1)] public partial double Laplace1 { get; }
    [HalfNormal(1)] public partial double Laplace2 { get; }
    [HalfNormal(1)] public partial double Exponential0 { get; }
    [HalfNormal(1)] public partial double Exponential1 { get; }
    [HalfNormal(1)] public partial double Gamma0 { get; }
    [HalfNormal(1)] public partial double Gamma1 { get; }
    [HalfNormal(1)] public partial double Gamma2 { get; }
    [HalfNormal(1)] public partial double InverseGamma0 { get; }
    [HalfNormal(1)] public partial double InverseGamma1 { get; }
    [HalfNormal(1)] public partial double InverseGamma2 { get; }
    [HalfNormal(1)] public partial double LogNormal0 { get; }
    [Normal(0, 1)] public partial double LogNormal1 { get; }
    [HalfNormal(1)] public partial double LogNormal2 { get; }
    [Beta(2, 2)] public partial double Beta0 { get; }
    [HalfNormal(1)] public partial double Beta1 { get; }
    [HalfNormal(1)] public partial double Beta2 { get; }
    [Normal(0, 1)] public partial double BernoulliLogit0 { get; }
    [Beta(2, 2)] public partial double Uniform0 { get; }
    [HalfNormal(1)] public partial double Uniform1 { get; }
    [HalfNormal(1)] public partial double Uniform2 { get; }

    [Term] double TermExp() => Exp(Exp0);

    [Term] double TermLog() => Log(Log0);

    [Term] double TermLog1p() => Log1p(Log1p0);

    [Term] double TermExpm1() => Expm1(Expm10);

    [Term] double TermLog1pExp() => Log1pExp(Log1pExp0);

    [Term] double TermSigmoid() => Sigmoid(Sigmoid0);

    [Term] double TermLogSigmoid() => LogSigmoid(LogSigmoid0);

    [Term] double TermTanh() => Tanh(Tanh0);

    [Term] double TermPow() => Pow(Pow0, Tanh(Pow1));   // an exponent in (−1, 1): at θ = ±6 a free one would swamp every other term

    [Term] double TermSqrt() => Sqrt(Sqrt0);

    [Term] double TermSquare() => Square(Square0);

    [Term] double TermAbs() => Abs(Abs0);

    [Term] double TermLGamma() => LGamma(LGamma0);

    [Term] double TermLBeta() => LBeta(LBeta0, LBeta1);

    [Term] double TermNormal() => Normal(Normal0, Normal1, Normal2);

    [Term] double TermHalfNormal() => HalfNormal(HalfNormal0, HalfNormal1);

    [Term] double TermStudentT() => StudentT(StudentT0, StudentT1, StudentT2, StudentT3);

    [Term] double TermHalfStudentT() => HalfStudentT(HalfStudentT0, HalfStudentT1, HalfStudentT2);

    [Term] double TermCauchy() => Cauchy(Cauchy0, Cauchy1, Cauchy2);

    [Term] double TermHalfCauchy() => HalfCauchy(HalfCauchy0, HalfCauchy1);

    [Term] double TermLaplace() => Laplace(Laplace0, Laplace1, Laplace2);

    [Term] double TermExponential() => Exponential(Exponential0, Exponential1);

    [Term] double TermGamma() => Gamma(Gamma0, Gamma1, Gamma2);

    [Term] double TermInverseGamma() => InverseGamma(InverseGamma0, InverseGamma1, InverseGamma2);

    [Term] double TermLogNormal() => LogNormal(LogNormal0, LogNormal1, LogNormal2);

    [Term] double TermBeta() => Beta(Beta0, Beta1, Beta2);

    [Term] double TermBernoulliLogit() => BernoulliLogit(Flags[0], BernoulliLogit0) + BernoulliLogit(Flags[1], -BernoulliLogit0);

    [Term] double TermUniform() => Uniform(Uniform0, 0 - Uniform1, 1 + Uniform2);
}

/// <summary>One term per function of the math library, each with parameters of its own (in float): the gradient of each
/// against central differences and the kernel against the term as written (TermTests).</summary>
[Model<float>]
public partial class FunctionTermsF
{
    [Data(Min = 0, Max = 1)] public partial ReadOnlySpan<int> Flags { get; }

    [Normal(0, 1)] public partial float Exp0 { get; }
    [HalfNormal(1)] public partial float Log0 { get; }
    [HalfNormal(1)] public partial float Log1p0 { get; }
    [Normal(0, 1)] public partial float Expm10 { get; }
    [Normal(0, 1)] public partial float Log1pExp0 { get; }
    [Normal(0, 1)] public partial float Sigmoid0 { get; }
    [Normal(0, 1)] public partial float LogSigmoid0 { get; }
    [Normal(0, 1)] public partial float Tanh0 { get; }
    [HalfNormal(1)] public partial float Pow0 { get; }
    [Normal(0, 1)] public partial float Pow1 { get; }
    [HalfNormal(1)] public partial float Sqrt0 { get; }
    [Normal(0, 1)] public partial float Square0 { get; }
    [Normal(0, 1)] public partial float Abs0 { get; }
    [HalfNormal(1)] public partial float LGamma0 { get; }
    [HalfNormal(1)] public partial float LBeta0 { get; }
    [HalfNormal(1)] public partial float LBeta1 { get; }
    [Normal(0, 1)] public partial float Normal0 { get; }
    [Normal(0, 1)] public partial float Normal1 { get; }
    [HalfNormal(1)] public partial float Normal2 { get; }
    [HalfNormal(1)] public partial float HalfNormal0 { get; }
    [HalfNormal(1)] public partial float HalfNormal1 { get; }
    [Normal(0, 1)] public partial float StudentT0 { get; }
    [HalfNormal(1)] public partial float StudentT1 { get; }
    [Normal(0, 1)] public partial float StudentT2 { get; }
    [HalfNormal(1)] public partial float StudentT3 { get; }
    [HalfNormal(1)] public partial float HalfStudentT0 { get; }
    [HalfNormal(1)] public partial float HalfStudentT1 { get; }
    [HalfNormal(1)] public partial float HalfStudentT2 { get; }
    [Normal(0, 1)] public partial float Cauchy0 { get; }
    [Normal(0, 1)] public partial float Cauchy1 { get; }
    [HalfNormal(1)] public partial float Cauchy2 { get; }
    [HalfNormal(1)] public partial float HalfCauchy0 { get; }
    [HalfNormal(1)] public partial float HalfCauchy1 { get; }
    [Normal(0, 1)] public partial float Laplace0 { get; }
    [Normal(0, 1)] public partial float Laplace1 { get; }
    [HalfNormal(1)] public partial float Laplace2 { get; }
    [HalfNormal(1)] public partial float Exponential0 { get; }
    [HalfNormal(1)] public partial float Exponential1 { get; }
    [HalfNormal(1)] public partial float Gamma0 { get; }
    [HalfNormal(1)] public partial float Gamma1 { get; }
    [HalfNormal(1)] public partial float Gamma2 { get; }
    [HalfNormal(1)] public partial float InverseGamma0 { get; }
    [HalfNormal(1)] public partial float InverseGamma1 { get; }
    [HalfNormal(1)] public partial float InverseGamma2 { get; }
    [HalfNormal(1)] public partial float LogNormal0 { get; }
    [Normal(0, 1)] public partial float LogNormal1 { get; }
    [HalfNormal(1)] public partial float LogNormal2 { get; }
    [Beta(2, 2)] public partial float Beta0 { get; }
    [HalfNormal(1)] public partial float Beta1 { get; }
    [HalfNormal(1)] public partial float Beta2 { get; }
    [Normal(0, 1)] public partial float BernoulliLogit0 { get; }
    [Beta(2, 2)] public partial float Uniform0 { get; }
    [HalfNormal(1)] public partial float Uniform1 { get; }
    [HalfNormal(1)] public partial float Uniform2 { get; }

    [Term] float TermExp() => Exp(Exp0);

    [Term] float TermLog() => Log(Log0);

    [Term] float TermLog1p() => Log1p(Log1p0);

    [Term] float TermExpm1() => Expm1(Expm10);

    [Term] float TermLog1pExp() => Log1pExp(Log1pExp0);

    [Term] float TermSigmoid() => Sigmoid(Sigmoid0);

    [Term] float TermLogSigmoid() => LogSigmoid(LogSigmoid0);

    [Term] float TermTanh() => Tanh(Tanh0);

    [Term] float TermPow() => Pow(Pow0, Tanh(Pow1));   // an exponent in (−1, 1): at θ = ±6 a free one would swamp every other term

    [Term] float TermSqrt() => Sqrt(Sqrt0);

    [Term] float TermSquare() => Square(Square0);

    [Term] float TermAbs() => Abs(Abs0);

    [Term] float TermLGamma() => LGamma(LGamma0);

    [Term] float TermLBeta() => LBeta(LBeta0, LBeta1);

    [Term] float TermNormal() => Normal(Normal0, Normal1, Normal2);

    [Term] float TermHalfNormal() => HalfNormal(HalfNormal0, HalfNormal1);

    [Term] float TermStudentT() => StudentT(StudentT0, StudentT1, StudentT2, StudentT3);

    [Term] float TermHalfStudentT() => HalfStudentT(HalfStudentT0, HalfStudentT1, HalfStudentT2);

    [Term] float TermCauchy() => Cauchy(Cauchy0, Cauchy1, Cauchy2);

    [Term] float TermHalfCauchy() => HalfCauchy(HalfCauchy0, HalfCauchy1);

    [Term] float TermLaplace() => Laplace(Laplace0, Laplace1, Laplace2);

    [Term] float TermExponential() => Exponential(Exponential0, Exponential1);

    [Term] float TermGamma() => Gamma(Gamma0, Gamma1, Gamma2);

    [Term] float TermInverseGamma() => InverseGamma(InverseGamma0, InverseGamma1, InverseGamma2);

    [Term] float TermLogNormal() => LogNormal(LogNormal0, LogNormal1, LogNormal2);

    [Term] float TermBeta() => Beta(Beta0, Beta1, Beta2);

    [Term] float TermBernoulliLogit() => BernoulliLogit(Flags[0], BernoulliLogit0) + BernoulliLogit(Flags[1], -BernoulliLogit0);

    [Term] float TermUniform() => Uniform(Uniform0, 0 - Uniform1, 1 + Uniform2);
}
