package io.nightshift.sandbox.sample;

import java.util.List;
import java.util.Map;

/**
 * The sample shop's categories and what is true of each: price level, typical own-price
 * elasticity, weekly and yearly rhythm, holiday sensitivity, brands and descriptive attributes.
 */
enum Category {
    COFFEE(
            "coffee",
            14,
            0.35,
            -1.8,
            new double[] {1.10, 1.05, 1.00, 1.00, 0.95, 0.90, 1.00},
            15,
            0.20,
            0.6,
            List.of("Bean & Co", "Roastery North", "Morning Ritual", "Crema Verde"),
            "Whole Bean Coffee",
            Map.of(
                    "flavor_profile",
                    List.of("fruity", "chocolatey", "nutty", "bold"),
                    "roast",
                    List.of("light", "medium", "dark"))),
    TEA(
            "tea",
            9,
            0.35,
            -1.6,
            new double[] {1.05, 1.00, 1.00, 1.00, 0.95, 0.95, 1.05},
            20,
            0.30,
            0.5,
            List.of("Leaf & Kettle", "Jade Garden", "Steep Society"),
            "Tea Blend",
            Map.of(
                    "flavor_profile",
                    List.of("floral", "earthy", "minty", "citrus"),
                    "style",
                    List.of("loose_leaf", "bagged"))),
    SNACKS(
            "snacks",
            5,
            0.40,
            -2.2,
            new double[] {0.90, 0.90, 0.95, 1.00, 1.10, 1.15, 1.00},
            190,
            0.15,
            0.9,
            List.of("Crunch Lab", "Nibble Co", "Pantry Pals", "Trail Mix Bros"),
            "Snack Pack",
            Map.of(
                    "flavor_profile",
                    List.of("sweet", "salty", "spicy", "savory"),
                    "diet",
                    List.of("vegan", "gluten_free", "regular"))),
    SKINCARE(
            "skincare",
            25,
            0.45,
            -1.3,
            new double[] {1.00, 1.00, 1.00, 1.00, 1.00, 1.05, 0.95},
            330,
            0.15,
            0.8,
            List.of("Dew Theory", "Pure Petal", "Skin Atelier"),
            "Face Serum",
            Map.of(
                    "skin_type",
                    List.of("dry", "oily", "sensitive", "normal"),
                    "scent",
                    List.of("unscented", "lavender", "citrus"))),
    APPAREL(
            "apparel",
            35,
            0.50,
            -2.0,
            new double[] {0.90, 0.90, 0.95, 1.00, 1.05, 1.15, 1.05},
            300,
            0.35,
            1.2,
            List.of("Northbound", "Loom & Thread", "Urban Drift", "Basics Co"),
            "Crew Sweatshirt",
            Map.of(
                    "color",
                    List.of("black", "navy", "grey", "olive", "red"),
                    "style",
                    List.of("casual", "athletic", "classic"))),
    ELECTRONICS_ACCESSORIES(
            "electronics-accessories",
            30,
            0.60,
            -2.5,
            new double[] {1.00, 1.00, 1.00, 1.00, 1.00, 1.05, 0.95},
            330,
            0.30,
            1.5,
            List.of("Voltix", "CablePro", "Snapgear"),
            "Charging Cable",
            Map.of(
                    "color",
                    List.of("black", "white", "grey"),
                    "compatibility",
                    List.of("usb_c", "lightning", "universal"))),
    HOME(
            "home",
            22,
            0.55,
            -1.5,
            new double[] {0.95, 0.95, 0.95, 1.00, 1.00, 1.10, 1.05},
            110,
            0.20,
            0.9,
            List.of("Hearth & Home", "Nordnest", "Casa Clara"),
            "Candle Set",
            Map.of(
                    "style",
                    List.of("modern", "rustic", "minimalist"),
                    "color",
                    List.of("white", "sage", "terracotta", "charcoal"))),
    PET(
            "pet",
            18,
            0.45,
            -1.2,
            new double[] {1.05, 1.00, 1.00, 1.00, 0.95, 0.95, 1.05},
            200,
            0.10,
            0.4,
            List.of("Happy Paws", "Whisker Works", "Tail Trail"),
            "Treat Bag",
            Map.of("pet_type", List.of("dog", "cat"), "flavor_profile", List.of("chicken", "salmon", "beef"))),
    TOYS(
            "toys",
            20,
            0.50,
            -1.9,
            new double[] {0.90, 0.90, 0.90, 0.95, 1.05, 1.20, 1.10},
            340,
            0.45,
            1.8,
            List.of("Playwise", "Brick & Bolt", "Tiny Tinkers"),
            "Puzzle Kit",
            Map.of(
                    "age_group",
                    List.of("toddler", "kids", "teen"),
                    "style",
                    List.of("educational", "creative", "outdoor")));

    /** Roughly how many of the catalogue's products fall in each category. */
    static final double[] SHARE = {0.15, 0.10, 0.15, 0.10, 0.12, 0.10, 0.10, 0.10, 0.08};

    final String label;
    final double medianPriceDollars;
    final double priceSigma;
    final double meanElasticity;
    /** Monday .. Sunday, normalised to mean 1 at construction. */
    final double[] weekly;

    final int peakDayOfYear;
    final double yearlyAmplitude;
    final double holidaySensitivity;
    final List<String> brands;
    final String noun;
    /** Attribute keys in a fixed (sorted) order, each with its possible values. */
    final List<Map.Entry<String, List<String>>> attributes;

    Category(
            String label,
            double medianPriceDollars,
            double priceSigma,
            double meanElasticity,
            double[] weekly,
            int peakDayOfYear,
            double yearlyAmplitude,
            double holidaySensitivity,
            List<String> brands,
            String noun,
            Map<String, List<String>> attributes) {
        this.label = label;
        this.medianPriceDollars = medianPriceDollars;
        this.priceSigma = priceSigma;
        this.meanElasticity = meanElasticity;
        double sum = 0;
        for (double w : weekly) {
            sum += w;
        }
        this.weekly = new double[7];
        for (int i = 0; i < 7; i++) {
            this.weekly[i] = weekly[i] * 7 / sum;
        }
        this.peakDayOfYear = peakDayOfYear;
        this.yearlyAmplitude = yearlyAmplitude;
        this.holidaySensitivity = holidaySensitivity;
        this.brands = brands;
        this.noun = noun;
        this.attributes = attributes.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .toList();
    }
}
