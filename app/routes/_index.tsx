import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { buttonClass } from "~/components/ui/button";
import { getOptionalUser } from "~/lib/session.server";

export const meta: MetaFunction = () => [
  { title: "Coursework · asynchronous courses that fit every schedule" },
  { name: "description", content: "Self-paced modules, fair deadlines in your own time zone, fast feedback and thoughtful discussion." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect("/dashboard");
  return null;
}

const FEATURES = [
  { title: "Deadlines in your time zone", text: "Every date is worked out for you: your section, your start date, your extensions, shown in your own zone." },
  { title: "Study at your own pace", text: "Modules unlock as you progress, drip content follows your start date, and you always know what's next." },
  { title: "Feedback that arrives", text: "A grading queue built for speed, rubrics, and feedback students actually see." },
  { title: "Discussion that helps", text: "Threads, endorsed answers and digests instead of interruptions." },
];

export default function Index() {
  return (
    <div>
      <section className="py-12 text-center">
        <h1 className="text-4xl font-bold tracking-tight text-slate-900 sm:text-5xl">Courses that fit every schedule</h1>
        <p className="mx-auto mt-4 max-w-2xl text-lg text-slate-700">
          Coursework is an open-source platform for asynchronous online courses: self-paced modules, fair deadline windows,
          graded work with fast feedback, and thoughtful discussion.
        </p>
        <div className="mt-8 flex justify-center gap-3">
          <Link to="/signup" className={buttonClass("primary", "no-underline")}>
            Create a free account
          </Link>
          <Link to="/courses" className={buttonClass("secondary", "no-underline")}>
            Browse courses
          </Link>
        </div>
      </section>
      <section aria-labelledby="features" className="mt-8">
        <h2 id="features" className="sr-only">
          What you get
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2">
          {FEATURES.map((f) => (
            <li key={f.title} className="card">
              <h3 className="font-semibold text-slate-900">{f.title}</h3>
              <p className="mt-2 text-slate-700">{f.text}</p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
