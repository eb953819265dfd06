import type { Config } from "tailwindcss";

export default {
  content: ["./app/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        cobalt: { 50: "#eef4fb", 100: "#d5e3f4", 500: "#2f5f9e", 600: "#244d84", 700: "#1c3d69", 900: "#0f2240" },
        porcelain: "#fbfaf7",
        rouge: { 500: "#c2415b" },
      },
      fontFamily: {
        sans: ["system-ui", "-apple-system", "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans SC", "sans-serif"],
      },
    },
  },
  plugins: [],
} satisfies Config;
